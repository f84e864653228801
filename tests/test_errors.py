"""One error model: each error maps to one exit code (2 usage/input, 1 environment) and one
line in kb's words; --debug adds the traceback; library errors name parameters, not flags."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kb.cli.main import exit_for
from kb.domain.problems import (
    EnvironmentFailure,
    KbError,
    LoadConflict,
    LoadError,
    NotFound,
    UsageError,
)
from kb.store.engine import make_engine
from tests.conftest import RunKb


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (UsageError("bad"), 2),
        (NotFound("no report X"), 2),
        (LoadError("1 problem(s)"), 2),
        (EnvironmentFailure("server down"), 1),
        (LoadConflict("lost a race"), 1),
        (FileNotFoundError(2, "No such file or directory", "x.yaml"), 2),
        (PermissionError(13, "Permission denied", "/root/x"), 1),
        (RuntimeError("surprise"), 1),
    ],
)
def test_each_error_has_one_exit_code(error: Exception, code: int) -> None:
    got, message = exit_for(error, [])
    assert got == code
    assert message and "\n" not in message


def test_a_parameter_is_named_as_the_library_spells_it_and_the_cli_as_a_flag() -> None:
    exc = UsageError("2020 is before the first fiscal year 2023", parameter="fy_to")
    assert str(exc) == "fy_to: 2020 is before the first fiscal year 2023"
    _, message = exit_for(exc, ["funding", "--from", "2023", "--to", "2020"])
    assert message == "--to: 2020 is before the first fiscal year 2023"


def test_library_errors_never_name_a_flag(shared_url: str) -> None:
    from kb.query.events import timeline
    from kb.query.funding import funding

    engine = make_engine(shared_url)
    with engine.connect() as conn:
        for call in (
            lambda: funding(conn, fy=2023, fy_from=2020),
            lambda: funding(conn, fy_from=2023, fy_to=2020),
            lambda: timeline(conn, since="July"),
        ):
            with pytest.raises(UsageError) as info:
                call()
            assert "--" not in str(info.value)
            assert info.value.parameter in ("fy", "fy_to", "since")
    engine.dispose()


def test_usage_errors_exit_2_with_the_flag(kb: RunKb, shared_url: str) -> None:
    result = kb("funding", "--from", "2023", "--to", "2020", db=shared_url)
    assert (result.code, result.out) == (2, "")
    assert result.err == "kb: --to: 2020 is before the first fiscal year 2023\n"
    result = kb("events", "--since", "July", db=shared_url)
    assert result.code == 2 and result.err.startswith("kb: --since: ")


def test_a_server_that_does_not_answer_is_exit_1_in_one_line(kb: RunKb) -> None:
    url = "postgresql+psycopg://kb:kb@127.0.0.1:1/kb"  # nothing listens on port 1
    result = kb("reports", db=url)
    assert result.code == 1
    assert result.err.startswith("kb: ") and result.err.count("\n") == 1
    assert "Traceback" not in result.err
    debug = kb("--debug", "reports", db=url)
    assert debug.code == 1 and "Traceback" in debug.err
    # --debug is accepted after the command too
    assert "Traceback" in kb("reports", "--debug", db=url).err


def test_a_database_error_is_told_in_kb_words_not_the_drivers(
    kb: RunKb,
    seeded_url: str,
) -> None:
    engine = make_engine(seeded_url)
    with engine.begin() as conn:  # a damaged database: a table the queries need is gone
        for view in ("funding_by_fy", "latest_appropriations", "fact_changes", "funding_lineage"):
            conn.execute(text(f"DROP VIEW IF EXISTS {view}"))
        conn.execute(text("DROP TABLE appropriations"))
    engine.dispose()
    result = kb("facts", "appropriation", db=seeded_url)
    assert result.code == 1
    assert result.err.startswith("kb: the database failed (")
    assert result.err.count("\n") == 1
    assert "appropriations" not in result.err and "sqlalche.me" not in result.err
    debug = kb("facts", "appropriation", "--debug", db=seeded_url)
    assert "Traceback" in debug.err and "appropriations" in debug.err


def test_kb_error_is_the_base_of_both() -> None:
    assert issubclass(UsageError, KbError) and issubclass(EnvironmentFailure, KbError)
