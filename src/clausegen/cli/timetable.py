"""`clausegen timeline`: every deadline of the worst case, as dates, in text, JSON or iCalendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..diagnostics import CompileError, render_all
from .exits import EXIT_ERRORS, EXIT_OK, guarded
from .inputs import iso_date, read_regime, shown_source, source_date
from .program import main


@main.command()
@click.argument("file")
@click.option(
    "--from", "notified", required=True, callback=iso_date, help="Date the dispute notice was received (YYYY-MM-DD)."
)
@click.option("--expedited", is_flag=True, help="Use the expedited timetable where the regime has one.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", help="Output format.")
@guarded
def timeline(file: str, notified: date, expedited: bool, fmt: str) -> int:
    """Every deadline of the worst case, as dates, from the day a dispute is notified."""
    from ..api import compile_source
    from ..deadlines import to_ics, to_json, to_text
    from ..timeline import timeline as compute

    try:
        source = read_regime(file)
        compiled = compile_source(source)
        # A --from date so late that a deadline passes year 9999 is CG020.
        t = compute(compiled.regime, notified, expedited)
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, shown_source(file)), err=True)
        return EXIT_ERRORS
    if fmt == "json":
        click.echo(to_json(compiled.regime, t), nl=False)
    elif fmt == "ics":
        stamp = source_date()
        click.echo(to_ics(compiled.regime, t, Path(file).stem, stamp), nl=False)
    else:
        click.echo(to_text(compiled.regime, t), nl=False)
    return EXIT_OK
