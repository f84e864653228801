"""The `kb` command: a thin layer that parses arguments, calls the library, renders.

Two things live here and nowhere else:

- the command tree, loaded lazily: ``kb funding`` imports only kb.cli.funding (and what it
  needs), not the modules of the other commands (``COMMANDS`` says which module holds what);
- the one mapping from an error to an exit code and a message (``exit_for``): 2 for bad
  usage or bad input, 1 for environment failures and anything unexpected, each as one line
  in kb's words; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import enum
import importlib
import sys
import typing
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

# command name -> the kb.cli module whose register(app) declares it, in help order
COMMANDS: dict[str, str] = {
    "reports": "read",
    "versions": "read",
    "facts": "read",
    "show": "read",
    "history": "read",
    "events": "read",
    "funding": "funding",
    "diff": "diff",
    "export": "export",
    "load": "admin",
    "verify": "admin",
    "migrate": "admin",
    "changelog": "changelog",
    "draft": "draft",
    "serve": "serve",
}

# The bundle's version, without importlib.metadata (~10 ms at start-up).
__version__ = "0.1.0"


class LazyGroup(TyperGroup):
    """A command group that imports a command's module only when the command is used."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = importlib.import_module(f"kb.cli.{COMMANDS[cmd_name]}")
            sub = typer.Typer(rich_markup_mode=None, add_completion=False)
            module.register(sub)
            for name, command in typer.main.get_group(sub).commands.items():
                _plain_placeholders(command)
                _light_coercion(command)
                self.commands[name] = command
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # Each command's whole first sentence, wrapped, never cut with "...".
        rows = [(name, self.get_command(ctx, name).get_short_help_str(10_000)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _light_coercion(command: Any) -> None:
    """Typer 0.29 builds a Pydantic TypeAdapter for every parameter of a command before it
    reads its value, even an absent one: importing Pydantic and building the adapters was a
    quarter of `kb funding --fy 2023`'s start-up (profiled with cProfile and pyinstrument).
    Plain values (absent, text, whole numbers, choices, lists of text) are converted here;
    anything else, and any value that does not convert, goes to Typer's own coercion,
    built on first use, so its checks and its error messages are unchanged."""
    from typer._coercion import RuntimeParam, build_runtime_param

    class Light(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            kind = self.annotation
            if (kind is str and isinstance(value, str)) or (
                kind is bool and isinstance(value, bool)
            ):
                return value
            if kind is int and isinstance(value, str) and value.strip().lstrip("-").isdigit():
                return int(value)
            if isinstance(kind, type) and issubclass(kind, enum.Enum):
                for member in kind:
                    if value == member.value:
                        return member
            listed = typing.get_origin(kind) is list and typing.get_args(kind) == (str,)
            if listed and all(isinstance(v, str) for v in value):
                return list(value)
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param, ctx)

    def lighten(param: Any) -> Any:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", 0) is not None:
            return param
        if descriptor.file_annotation is None and descriptor.parameter_info.parser is None:
            param._runtime_param = Light(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
        return param

    for param in command.params:
        lighten(param)
    help_option = command.get_help_option  # -h/--help is made per command, on first use
    command.get_help_option = lambda ctx: lighten(help_option(ctx))


def _plain_placeholders(command: Any) -> None:
    """Help placeholders in words (``--db URL``, ``--at REPORT@VERSION``, ``[table|csv]``),
    not Typer's Python types (``<str>``, ``<list[str]>``); arguments by their name."""
    for param in command.params:
        if param.param_type_name == "argument":
            param.metavar = param.metavar or param.name.upper()
            param.display_type = lambda ctx: ""
        elif not getattr(param, "is_flag", False):
            desc = param.type_descriptor
            choices = desc.choices if desc.is_choice else None
            if param.metavar:
                label = param.metavar
            elif choices:
                label = "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
            else:
                label = max(param.opts, key=len).lstrip("-").upper()
            param.display_type = lambda ctx, label=label: label


app = typer.Typer(
    name="kb",
    cls=LazyGroup,
    help="A versioned knowledge base of U.S. security-cooperation facts from CRS reports.\n\n"
    "Example: kb funding --fy 2023",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"kb {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", help="Show kb's version and exit.", is_eager=True, callback=_version
    ),
    debug: bool = typer.Option(False, "--debug", help="On an error, show the traceback too."),
) -> None:
    """A versioned knowledge base of U.S. security-cooperation facts from CRS reports."""


def exit_for(exc: BaseException, argv: list[str]) -> tuple[int, str | None]:
    """The one mapping from an error to (exit code, message for stderr)."""
    from kb import KbError, printable

    if isinstance(exc, KbError):
        # Messages quote user input (an id, a report number): control characters are
        # escaped, so input cannot drive the terminal or forge lines of the message.
        text = exc.render(_flag_for(exc.parameter, argv))
        return exc.exit_code, "\n".join(printable(line) for line in text.split("\n"))
    if isinstance(exc, FileNotFoundError | IsADirectoryError | NotADirectoryError):
        return 2, printable(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    if isinstance(exc, PermissionError):
        return 1, printable(f"permission denied: {exc.filename or exc}")
    if isinstance(exc, OSError):
        return 1, printable(
            f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
        )
    if _is_database_error(exc):
        # Never the driver's text (it carries tabs, links, sometimes a password's context).
        return 1, (
            f"the database failed ({type(exc).__name__}); "
            "run with --debug to see the driver's message"
        )
    return 1, f"internal error ({type(exc).__name__}: {printable(str(exc))}); --debug shows where"


def _is_database_error(exc: BaseException) -> bool:
    module = sys.modules.get("sqlalchemy.exc")
    return module is not None and isinstance(exc, module.SQLAlchemyError)


def _flag_for(parameter: str | None, argv: list[str]) -> str | None:
    """The CLI flag of a library parameter (``fy_from`` -> ``--from``) for the command in
    ``argv``; the library never names flags, the CLI translates."""
    if parameter is None:
        return None
    name = next((a for a in argv if a in COMMANDS), None)
    command = app_group().get_command(None, name) if name else None
    for param in getattr(command, "params", []):
        if param.name == parameter:
            if param.param_type_name != "option":
                return ""  # an argument: the message quotes its value already
            longs = [o for o in param.opts if o.startswith("--")]
            return (longs or param.opts)[0]
    return parameter


_GROUP: Any = None


def app_group() -> Any:
    """The click group behind ``app`` (built once, with Typer's completion options)."""
    global _GROUP
    if _GROUP is None:
        _GROUP = typer.main.get_command(app)
        _light_coercion(_GROUP)
    return _GROUP


def main(argv: list[str] | None = None) -> int:
    """Run kb with ``argv``; returns the exit code (0 ok, 2 bad usage or input, 1 other)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if any("\x00" in arg for arg in args):
        # A shell cannot pass one; a caller that does gets a clear refusal, not a driver error.
        print("kb: an argument contains a NUL character (\\x00)", file=sys.stderr)
        return 2
    # --debug is accepted anywhere before "--" (`kb funding --fy 23 --debug`).
    end = args.index("--") if "--" in args else len(args)
    debug = "--debug" in args[:end]
    if debug:
        args = ["--debug", *(a for i, a in enumerate(args) if a != "--debug" or i >= end)]
    try:
        result = app_group().main(args=args, prog_name="kb", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:
        # Typer turns a closed stdout pipe (EPIPE) into sys.exit(1) behind wrapped streams
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            return _closed_pipe()
        # Typer's completion options exit themselves
        return exc.code if isinstance(exc.code, int) else 0
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
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as exc:
        code, message = exit_for(exc, args)
        if debug:
            import traceback

            traceback.print_exc()
        if message:
            print(f"kb: {message}", file=sys.stderr)
        return code
    try:  # data still buffered for a reader that has gone
        sys.stdout.flush()
    except BrokenPipeError:
        return _closed_pipe()
    return result if isinstance(result, int) else 0


def _closed_pipe() -> int:
    """The reader closed the pipe (`kb facts --format csv | head -1`): stop quietly, with
    the same exit for every format.  stdout is pointed at /dev/null so the interpreter's
    own last flush of the lost data does not fail too."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 0


def run() -> None:
    import gc

    # A short-lived command allocates many long-lived objects while importing SQLAlchemy and
    # building models; the default thresholds run ~30 ms of useless collections (profiled
    # with pyinstrument in scripts/bench.py's cold-start figure).  Fewer, not none.
    gc.set_threshold(50_000, 20, 100)
    sys.exit(main())
