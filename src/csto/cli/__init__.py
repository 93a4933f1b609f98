"""Edge: the ``csto`` command line. Commands parse, make one call into the core, render.

Domain errors become exit codes through the one table in :mod:`csto.cli.errmap`; a user
error prints one line (or one line per problem), never a traceback unless ``--debug``.

Each command's module is imported only when that command runs (or the help lists it), so
``csto --version`` and ``csto state`` do not pay for the law, the procedures, the web or
the simulations. A new command is one line in :data:`COMMANDS`.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from collections.abc import Callable, ItemsView, Iterator, ValuesView
from typing import Any, cast

import click

from csto import __version__
from csto.cli.errmap import exit_code_for, label_for
from csto.errors import CstoError

__all__ = ["COMMANDS", "cli", "main"]

#: command name -> (module, attribute) of the click command
COMMANDS: dict[str, tuple[str, str]] = {
    "record": ("csto.cli.record", "record"),
    "export": ("csto.cli.record", "export"),
    "ask": ("csto.cli.law", "ask"),
    "law": ("csto.cli.law", "law"),
    "cases": ("csto.cli.cases", "cases"),
    "state": ("csto.cli.state", "state"),
    "diff": ("csto.cli.state", "diff"),
    "timeline": ("csto.cli.state", "timeline"),
    "store": ("csto.cli.store", "store"),
    "serve": ("csto.cli.serve", "serve"),
    "sim": ("csto.cli.sim", "sim"),
    "power": ("csto.cli.power", "power"),
    "exercise": ("csto.cli.exercise", "exercise"),
}
#: the procedures' command groups, one per machine (csto.procedures.registry.MACHINES)
PROCEDURES = ("session", "membership", "secretary-general", "chairmanship", "assistance")


def _attribute(module: str, name: str) -> Callable[[], click.Command]:
    return lambda: cast(click.Command, getattr(importlib.import_module(module), name))


def _procedure(kind: str) -> Callable[[], click.Command]:
    def load() -> click.Command:
        from csto.cli.procedure import command

        return command(kind)

    return load


class _LazyCommands(dict[str, click.Command | None]):
    """A group's commands by name, each imported the first time it is looked up."""

    def __init__(self, loaders: dict[str, Callable[[], click.Command]]) -> None:
        super().__init__()
        self._loaders = loaders
        for name in loaders:
            super().__setitem__(name, None)

    def __getitem__(self, name: str) -> click.Command:
        command = super().__getitem__(name)
        if command is None:
            command = self._loaders[name]()
            super().__setitem__(name, command)
        return command

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 - loads it

    def values(self) -> ValuesView[click.Command]:  # type: ignore[override]
        return {name: self[name] for name in self}.values()

    def items(self) -> ItemsView[str, click.Command]:  # type: ignore[override]
        return {name: self[name] for name in self}.items()

    def __iter__(self) -> Iterator[str]:
        return iter(list(super().keys()))


#: a path the user gave that cannot be read or written: bad input, not a bug
_PATH_ERRORS = (
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)


class _Group(click.Group):
    """A click group that turns domain errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CstoError as exc:
            debug = bool(ctx.obj and ctx.obj.get("debug"))
            if debug:
                traceback.print_exc()
            from csto.cli.output import printable

            click.echo(f"csto: {label_for(exc)} [{exc.code}]: {printable(str(exc))}", err=True)
            ctx.exit(exit_code_for(exc))
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except _PATH_ERRORS as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            from csto.cli.output import printable

            where = printable(str(exc.filename or "a path"))
            click.echo(
                f"csto: bad input [E100]: cannot use {where}: {exc.strerror or exc}",
                err=True,
            )
            ctx.exit(2)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            from csto.cli.output import printable

            click.echo(
                f"csto: internal error [E900]: {type(exc).__name__}: {printable(str(exc)[:400])}\n"
                "This is a bug in csto; run again with --debug for the traceback and report it.",
                err=True,
            )
            ctx.exit(1)


@click.group(cls=_Group, name="csto", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="csto")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option(
    "--max-file-mb",
    type=click.IntRange(1, 64 * 1024),
    default=16,
    show_default=True,
    envvar="CSTO_MAX_FILE_MB",
    help="The largest file csto reads (record, action, profile and case files, procedure "
    "logs, store imports), in MiB; also CSTO_MAX_FILE_MB.",
)
@click.option(
    "--max-depth",
    type=click.IntRange(8, 128),
    default=64,
    show_default=True,
    envvar="CSTO_MAX_DEPTH",
    help="The deepest nesting of YAML or JSON csto reads; also CSTO_MAX_DEPTH.",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, max_file_mb: int, max_depth: int) -> None:
    """csto: the Collective Security Treaty Organization as executable software.

    Query the sourced record of the CST/CSTO, see the organization on any date since 1992,
    ask the law, run its procedures, replay history as test cases, simulate, measure voting
    power, run exercises, and serve it all on the web.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    _limits(max_file_mb, max_depth)


def _limits(max_file_mb: int, max_depth: int) -> None:
    """Put the input limits in force (docs/hardening.md); the defaults need no import."""
    if (max_file_mb, max_depth) == (16, 64) and "csto.io.limits" not in sys.modules:
        return
    from dataclasses import replace

    from csto.io import limits

    limits.configure(
        replace(limits.current(), max_file_bytes=max_file_mb * limits.MIB, max_depth=max_depth)
    )


cli.commands = _LazyCommands(  # type: ignore[assignment]
    {name: _attribute(*where) for name, where in COMMANDS.items()}
    | {kind: _procedure(kind) for kind in PROCEDURES}
)


def main() -> None:
    """Entry point of the ``csto`` script."""
    cli.main(prog_name="csto")


if __name__ == "__main__":  # pragma: no cover
    main()
