"""`clausegen check`, `dump`, `schema` and `clauses list`: commands that read and report, writing nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypedDict

import click

from ..diagnostics import CompileError, Diagnostic, Severity, render_all, summary
from ..source import SourceFile
from .exits import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageProblem, guarded
from .inputs import clauses_option, read_regime, shown_source
from .program import main


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="How to print diagnostics.")
@guarded
def check(files: tuple[str, ...], strict: bool, fmt: str) -> int:
    """Check regime FILES and report every problem found."""
    from ..api import compile_source

    all_diags: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    usage_problem = False
    for path in files:
        try:
            source = read_regime(path)
        except UsageProblem as exc:
            click.echo(f"error: {exc}", err=True)
            usage_problem = True
            continue
        except CompileError as exc:
            all_diags += exc.diagnostics
            continue
        sources[source.name] = source
        try:
            all_diags += compile_source(source).warnings
        except CompileError as exc:
            all_diags += exc.diagnostics
    errors = sum(d.severity is Severity.ERROR for d in all_diags)
    warnings = len(all_diags) - errors
    if fmt == "json":
        click.echo(json.dumps([d.to_json() for d in all_diags], indent=2, ensure_ascii=False))
    elif all_diags:
        click.echo(render_all(all_diags, sources), err=True)
    elif not usage_problem:
        click.echo(f"ok: {len(sources)} file{'s' if len(sources) != 1 else ''} checked, {summary(0, 0)}", err=True)
    if usage_problem:
        return EXIT_USAGE
    if errors or (strict and warnings):
        return EXIT_ERRORS
    return EXIT_OK


@main.command()
@click.argument("file")
@click.option("--stage", type=click.Choice(["ast", "model"]), default="model", help="Which stage to print.")
@guarded
def dump(file: str, stage: str) -> int:
    """Print the AST or the checked model of FILE as JSON."""
    from ..api import compile_source
    from ..language.parser import parse
    from ..serialize import to_plain

    try:
        source = read_regime(file)
        data = parse(source) if stage == "ast" else compile_source(source).regime
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, shown_source(file)), err=True)
        return EXIT_ERRORS
    click.echo(json.dumps(to_plain(data), indent=2, ensure_ascii=False))
    return EXIT_OK


@main.command()
@guarded
def schema() -> int:
    """Print the JSON Schema of the regime model (`dump --stage model`)."""
    from ..serialize import model_schema

    click.echo(json.dumps(model_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


class _ClauseRow(TypedDict):
    """One clause of `clauses list`, as its JSON shows it."""

    id: str
    title: str
    variants: list[str]
    path: str


@main.group()
def clauses() -> None:
    """Inspect the clause library."""


@clauses.command("list")
@clauses_option("An organisation clause library over the built-in one.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@guarded
def clauses_list(clause_dirs: tuple[str, ...], fmt: str) -> int:
    """List every clause with its id, title, variants and path."""
    from ..documents.library import Library
    from ..documents.problems import ClauseProblem
    from ..source import Span

    lib = Library(tuple(Path(d) for d in clause_dirs))
    rows: list[_ClauseRow] = []
    problems: list[Diagnostic] = []
    for clause_id, variants in lib.files.items():
        neutral = variants.get("") or next(iter(variants.values()))
        try:
            title = neutral.title  # reads the file (safely: see documents.libfiles)
        except ClauseProblem as exc:
            title = ""
            problems.append(
                Diagnostic(
                    exc.code,
                    Severity.ERROR,
                    exc.message,
                    exc.span or Span.point(str(neutral.path.parent), 1, 1),
                    exc.help,
                )
            )
        rows.append(
            {
                "id": clause_id,
                "title": title,
                "variants": sorted(v for v in variants if v),
                "path": str(neutral.path),
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        width = max((len(r["id"]) for r in rows), default=10)
        for r in rows:
            listed = f" [{', '.join(r['variants'])}]" if r["variants"] else ""
            click.echo(f"{r['id']:<{width}}  {r['title']}{listed}")
    if problems:
        click.echo(render_all(problems, {}), err=True)
        return EXIT_ERRORS
    return EXIT_OK
