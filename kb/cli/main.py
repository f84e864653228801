"""The `kb` command: a thin layer that parses arguments, calls the library, renders."""

from __future__ import annotations

import sys

import typer
from typer.exceptions import TyperException

from kb.cli import admin, diff, export, funding, read, serve

app = typer.Typer(
    name="kb",
    help="A versioned knowledge base of U.S. security-cooperation facts from CRS reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
read.register(app)
funding.register(app)
diff.register(app)
export.register(app)
admin.register(app)
serve.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run kb with ``argv``; returns the exit code (0 ok, 2 bad usage or input, 1 other)."""
    from kb.domain.problems import KbError

    args = sys.argv[1:] if argv is None else argv
    if any("\x00" in arg for arg in args):
        # A shell cannot pass one; a caller that does gets a clear refusal, not a driver error.
        print("kb: an argument contains a NUL character (\\x00)", file=sys.stderr)
        return 2
    try:
        result = app(args=argv, prog_name="kb", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        print("kb: aborted", file=sys.stderr)
        return 1
    except TyperException as exc:  # usage errors (Typer's own click): exit 2 with usage
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            print(f"kb: {exc.format_message()}", file=sys.stderr)
        return exc.exit_code
    except KbError as exc:
        # Messages quote user input (an id, a report number): control characters are
        # escaped, so input cannot drive the terminal or forge lines of the message.
        from kb.domain.problems import printable

        message = "\n".join(printable(line) for line in str(exc).split("\n"))
        print(f"kb: {message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"kb: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError) else 1
    except Exception as exc:  # anything else: a message, not a traceback; exit 1
        print(f"kb: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return result if isinstance(result, int) else 0


def run() -> None:
    import gc

    # A short-lived command allocates many long-lived objects while importing SQLAlchemy and
    # building models; the default thresholds run ~30 ms of useless collections (profiled
    # with pyinstrument in scripts/bench.py's cold-start figure).  Fewer, not none.
    gc.set_threshold(50_000, 20, 100)
    sys.exit(main())
