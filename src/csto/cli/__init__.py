"""Edge: the ``csto`` command line. Commands parse, make one call into the core, render.

Domain errors become exit codes through the one table in :mod:`csto.cli.errmap`; a user
error prints one line (or one line per problem), never a traceback unless ``--debug``.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

import click

from csto import __version__
from csto.cli.errmap import exit_code_for, label_for
from csto.errors import CstoError

__all__ = ["cli", "main"]


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
    and (as they land) ask the law, run procedures and replay history.
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


def _register() -> None:
    from csto.cli.cases import cases
    from csto.cli.law import ask, law
    from csto.cli.power import power
    from csto.cli.procedure import register as add_procedures
    from csto.cli.record import export, record
    from csto.cli.serve import serve
    from csto.cli.sim import sim
    from csto.cli.state import diff, state, timeline
    from csto.cli.store import store

    cli.add_command(record)
    cli.add_command(export, name="export")
    cli.add_command(ask)
    cli.add_command(law)
    cli.add_command(cases)
    cli.add_command(state)
    cli.add_command(diff)
    cli.add_command(timeline)
    cli.add_command(store)
    cli.add_command(serve)
    cli.add_command(sim)
    cli.add_command(power)
    add_procedures(cli)


_register()


def main() -> None:
    """Entry point of the ``csto`` script."""
    cli.main(prog_name="csto")


if __name__ == "__main__":  # pragma: no cover
    main()
