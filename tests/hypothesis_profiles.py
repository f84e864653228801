"""Hypothesis profiles for kb's property tests, chosen with KB_HYPOTHESIS_PROFILE.

    ci        (default, and under CI=true) 150 examples per test and backend: ~10 s each
    thorough  10,000 examples: run it on purpose, e.g.
              KB_HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_robustness.py -k sqlite

Every example runs the real CLI against a real database, so there is no deadline;
the database is made once per test (a function-scoped fixture shared by its examples,
which is what the suppressed health check warns about, on purpose).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    "print_blob": True,
}

settings.register_profile("ci", max_examples=150, **_COMMON)
settings.register_profile("thorough", max_examples=10_000, **_COMMON)

PROFILE = os.environ.get("KB_HYPOTHESIS_PROFILE") or "ci"
if PROFILE not in ("ci", "thorough"):
    raise RuntimeError(f"KB_HYPOTHESIS_PROFILE={PROFILE!r}: use 'ci' or 'thorough'")
settings.load_profile(PROFILE)
