"""The command line: the one place where errors become messages and exit codes.

Exit codes: 0 clean, 1 errors in an input (or warnings with --strict),
2 usage or I/O problems, 3 an internal error in clausegen itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import CompileError, Diagnostic, Severity, render_all, summary
from .source import SourceFile

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageProblem(Exception):
    """A problem with how clausegen was called (missing file, bad option)."""


def _read(path: str) -> SourceFile:
    from .api import read_source

    p = Path(path)
    if not p.exists():
        raise UsageProblem(f"no such file: {path}")
    if p.is_dir():
        raise UsageProblem(f"{path} is a folder; give the .regime file inside it")
    try:
        return read_source(path)
    except OSError as exc:
        raise UsageProblem(f"cannot read {path}: {exc.strerror or exc}") from None


def _guarded(fn):
    """Run a command body; turn every failure into a message and an exit code."""

    def wrapper(*args, **kwargs):
        try:
            code = fn(*args, **kwargs)
        except UsageProblem as exc:
            click.echo(f"error: {exc}", err=True)
            code = EXIT_USAGE
        except (KeyboardInterrupt, BrokenPipeError):
            code = EXIT_INTERNAL
        except Exception as exc:  # noqa: BLE001 - the one place a bug is reported
            click.echo(f"internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
            code = EXIT_INTERNAL
        sys.exit(code)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@click.group()
@click.version_option(__version__, prog_name="clausegen")
def main() -> None:
    """clausegen: compile a dispute-resolution regime into contract documents."""


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="How to print diagnostics.")
@_guarded
def check(files: tuple[str, ...], strict: bool, fmt: str) -> int:
    """Check regime FILES and report every problem found."""
    from .api import compile_source

    all_diags: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    usage_problem = False
    for path in files:
        try:
            source = _read(path)
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
@_guarded
def dump(file: str, stage: str) -> int:
    """Print the AST or the checked model of FILE as JSON."""
    from .api import compile_source
    from .language.parser import parse
    from .serialize import to_plain

    try:
        source = _read(file)
        data = parse(source) if stage == "ast" else compile_source(source).regime
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, {file: _safe_source(file)}), err=True)
        return EXIT_ERRORS
    click.echo(json.dumps(to_plain(data), indent=2, ensure_ascii=False))
    return EXIT_OK


def _safe_source(path: str) -> SourceFile | None:
    try:
        return SourceFile.read(path)
    except (OSError, UnicodeDecodeError):
        return None


@main.command()
@_guarded
def schema() -> int:
    """Print the JSON Schema of the regime model (`dump --stage model`)."""
    from .serialize import model_schema

    click.echo(json.dumps(model_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK
