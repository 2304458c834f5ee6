"""`clausegen init`, `fmt` and `lsp`: the drafter's tools for writing a regime."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from ..diagnostics import CompileError, render_all, summary
from ..source import SourceFile
from .exits import EXIT_ERRORS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageProblem, guarded
from .inputs import read_regime, shown_source
from .program import main

_T = TypeVar("_T")


@main.command(
    "fmt",
    epilog="Exit codes: 0 formatted (with --check or --diff: nothing would change), 1 a file does not parse or (with --check or --diff) would change, 2 a file cannot be read or written. See docs/fmt.md.",
)
@click.argument("files", nargs=-1, required=True)
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 listing every file that would change.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Write nothing; print a unified diff of what would change (exit 1 if anything would).",
)
@guarded
def fmt_command(files: tuple[str, ...], check_only: bool, show_diff: bool) -> int:
    """Rewrite regime FILES (or every .regime in a folder) in the canonical layout; `-` formats standard input to standard output."""
    import difflib
    import os

    from ..api import decode_source
    from ..language.fmt import format_source
    from ..language.parser import MAX_BYTES
    from ..outdir import plain_reason, replace_file

    changed = unchanged = 0
    broken = usage_problem = False
    for path in _regime_files(files):
        source = None
        try:
            if path == "-":
                before = sys.stdin.buffer.read(MAX_BYTES + 1)  # more is refused (CG110) as a file would be
                source = decode_source("<stdin>", before)
            else:
                source = read_regime(path)
                before = Path(path).read_bytes()
            after = format_source(source.text, source.name)
        except UsageProblem as exc:
            click.echo(f"error: {exc}", err=True)
            usage_problem = True
            continue
        except CompileError as exc:
            shown = {source.name: source} if source is not None else shown_source(path)
            click.echo(render_all(exc.diagnostics, shown), err=True)
            broken = True
            continue
        except OSError as exc:
            click.echo(f"error: {path}: {plain_reason(exc)}", err=True)
            usage_problem = True
            continue
        data = after.encode("utf-8")
        if path == "-" and not (check_only or show_diff):
            sys.stdout.write(after)
            continue
        if data == before:
            unchanged += 1
            continue
        changed += 1
        if show_diff:
            old = before.decode("utf-8", "replace").splitlines(keepends=True)
            click.echo("".join(difflib.unified_diff(old, after.splitlines(keepends=True), path, path)), nl=False)
        elif check_only:
            click.echo(f"would reformat: {path}")
        else:
            target = Path(os.path.realpath(path))  # a link stays a link: its file is rewritten
            try:
                replace_file(target, data, mode=os.stat(target).st_mode & 0o7777)
            except OSError as exc:
                click.echo(f"error: {path}: {plain_reason(exc)}", err=True)
                usage_problem = True
                changed -= 1
                continue
    if changed or unchanged:
        verb = "would be reformatted" if (check_only or show_diff) else "reformatted"
        click.echo(f"{_files(changed)} {verb}, {_files(unchanged)} already formatted", err=True)
    if usage_problem:
        return EXIT_USAGE
    if broken or (changed and (check_only or show_diff)):
        return EXIT_ERRORS
    return EXIT_OK


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def _regime_files(args: tuple[str, ...]) -> list[str]:
    """The files to format: each FILE as given, a folder's .regime files (not hidden ones) in order."""
    out: list[str] = []
    for arg in args:
        p = Path(arg)
        if arg != "-" and p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*.regime")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            out += [str(f) for f in found]
        else:
            out.append(arg)
    return out


def _on_terminal() -> bool:
    """Whether a person can answer questions (stdin is a terminal)."""
    return sys.stdin.isatty()


@main.command(
    "init",
    epilog="Asks its questions only on a terminal; elsewhere (scripts, CI) and with --no-input it uses the options given and the starting point's own values. Exit codes: 0 written, 1 the result does not check (nothing written), 2 FILE exists or a bad option.",
)
@click.argument("file", default="my.regime")
@click.option(
    "--from",
    "start",
    help="Starting point: `starter` (a commented regime, the default) or a bundled example such as acme-globex; --list shows them all.",
)
@click.option("--list", "list_only", is_flag=True, help="List the starting points and exit.")
@click.option("--title", help="The agreement's title.")
@click.option(
    "--party",
    "parties",
    multiple=True,
    help="A party's legal name, in the order the starting point lists its parties (repeatable).",
)
@click.option("--law", help="Governing law, e.g. 'England and Wales', 'New York', 'Germany'.")
@click.option("--calendar", help="Public-holiday calendar, e.g. GB-ENG, US-NY, DE-BY (default: the law's usual one).")
@click.option("--no-input", is_flag=True, help="Ask nothing, even on a terminal.")
@guarded
def init(
    file: str,
    start: str | None,
    list_only: bool,
    title: str | None,
    parties: tuple[str, ...],
    law: str | None,
    calendar: str | None,
    no_input: bool,
) -> int:
    """Write a first regime FILE (default my.regime) to edit; never overwrites a file."""
    from .. import init as starters
    from ..api import compile_source

    points = starters.starting_points()
    if list_only:
        for name in points:
            click.echo(name)
        return EXIT_OK
    if Path(file).is_dir():
        raise UsageProblem(
            f"{file} is a folder; give the name of the file to write, such as {Path(file) / 'my.regime'}"
        )
    if Path(file).exists():
        raise UsageProblem(
            f"{file} already exists; clausegen init never overwrites a file: give another name, or remove it first"
        )
    ask = not no_input and _on_terminal()

    def checked(convert: Callable[[str], _T]) -> Callable[[str], _T]:
        def proc(value: str) -> _T:
            try:
                return convert(value)
            except starters.StarterProblem as exc:
                raise click.BadParameter(str(exc)) from None

        return proc

    def not_empty(value: str) -> str:
        if not str(value).strip():
            raise starters.StarterProblem("give a name; it cannot be empty")
        return str(value).strip()

    try:
        if start is None and ask:
            click.echo(f"Starting points: {', '.join(points)}", err=True)
            start = click.prompt(
                "Start from",
                default=starters.DEFAULT_START,
                value_proc=checked(lambda v: starters.starting_text(v) and v),
                err=True,
            )
        start = start or starters.DEFAULT_START
        text = starters.starting_text(start)
        answers = starters.defaults(text, start)
        if len(parties) > len(answers.parties):
            raise UsageProblem(f"{start} has {len(answers.parties)} parties but --party was given {len(parties)} times")
        names = list(parties) + list(answers.parties[len(parties) :])
        if title is None and ask:
            title = click.prompt(
                "Title of the agreement", default=answers.title, value_proc=checked(not_empty), err=True
            )
        if ask:
            for i in range(len(parties), len(names)):
                names[i] = click.prompt(
                    f"Legal name of party {answers.party_keys[i]}",
                    default=names[i],
                    value_proc=checked(not_empty),
                    err=True,
                )
        if law is None and ask:
            click.echo(f"Laws clausegen knows: {', '.join(starters.known_laws())}", err=True)
            law = click.prompt(
                "Governing law", default=answers.law, value_proc=checked(starters.canonical_law), err=True
            )
        answers = starters.with_law(answers, law or answers.law, calendar)
        if calendar is None and ask:
            answers = starters.with_law(
                answers,
                answers.law,
                click.prompt(
                    "Public-holiday calendar",
                    default=answers.calendar,
                    value_proc=checked(starters.canonical_calendar),
                    err=True,
                ),
            )
    except starters.StarterProblem as exc:
        raise UsageProblem(str(exc)) from None
    except click.Abort:
        click.echo("stopped: nothing written", err=True)
        return EXIT_INTERRUPTED
    from dataclasses import replace

    answers = replace(answers, title=title or answers.title, parties=tuple(names))
    source = SourceFile(file, starters.apply(text, answers, start))
    try:
        found = compile_source(source).warnings
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, {file: source}), err=True)
        click.echo("error: nothing written: the regime would not check", err=True)
        return EXIT_ERRORS
    try:
        with open(file, "x", encoding="utf-8", newline="\n") as out:
            out.write(source.text)
    except FileExistsError:
        raise UsageProblem(f"{file} already exists; clausegen init never overwrites a file") from None
    if found:
        click.echo(render_all(found, {file: source}), err=True)
    click.echo(f"wrote {file} (from {start}: {summary(0, len(found))})", err=True)
    click.echo(f"next: edit it, then `clausegen check --strict {file}` and `clausegen build {file}`", err=True)
    return EXIT_OK


@main.command()
@guarded
def lsp() -> int:
    """Run the language server on stdin and stdout (for editors; see docs/editors.md).

    Needs the lsp extra: pip install 'clausegen[lsp]'.
    """
    try:
        from ..lsp.server import main as serve
    except ImportError:
        raise UsageProblem("the language server needs pygls: pip install 'clausegen[lsp]'") from None
    serve()
    return EXIT_OK
