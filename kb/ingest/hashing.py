"""Content hashes: equal hashes mean equal content, so a second load of it is a no-op."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kb.domain.schemas import FactBase


def sha1_text(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def sha1_json(data: Any) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def fact_sha1(fact: FactBase) -> str:
    data = fact.model_dump(mode="json")
    # A date that is the moment itself ("on", the default) hashes as before the bound
    # existed (migration 0009), so content stored then is still the same content.
    if data.get("date_bound") == "on":
        del data["date_bound"]
    return sha1_json(data)
