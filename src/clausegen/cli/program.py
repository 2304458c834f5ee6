"""The `clausegen` command group, which every command module adds its commands to."""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__
from .exits import Interrupted, catch_signals, stopped


class _Program(click.Group):
    """The clausegen command group; signals end it with one line and 130/143."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        restore = catch_signals()
        try:
            return super().main(*args, **kwargs)
        except Interrupted as exc:  # while click read the arguments, before a command ran
            sys.exit(stopped(exc))
        finally:
            restore()


@click.group(cls=_Program)
@click.version_option(__version__, prog_name="clausegen")
def main() -> None:
    """clausegen: compile a dispute-resolution regime into contract documents."""
