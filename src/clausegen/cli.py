"""The command line: the one place where errors become messages and exit codes.

Exit codes: 0 clean, 1 errors in an input (or warnings with --strict),
2 usage or I/O problems, 3 an internal error in clausegen itself; 130
interrupted (Ctrl-C), 141 output pipe closed, 143 terminated (SIGTERM).
"""

from __future__ import annotations

import errno
import json
import sys
from datetime import UTC
from pathlib import Path

import click

from . import __version__
from .diagnostics import CompileError, Diagnostic, Severity, render_all, summary
from .source import NotARegularFile, SourceFile

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 130, 141, 143  # 128 + SIGINT, SIGPIPE, SIGTERM
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS)


class UsageProblem(Exception):
    """A problem with how clausegen was called (missing file, bad option)."""


def _read(path: str) -> SourceFile:
    """Read one regime file; a path that is no readable regular file is a UsageProblem.

    A FIFO, a device or a socket is refused before anything is read from it
    (see api.read_source), so `check` never hangs or fills memory.
    """
    from .api import read_source

    p = Path(path)
    if not p.exists():
        raise UsageProblem(f"no such file: {path}")
    if p.is_dir():
        raise UsageProblem(f"{path} is a folder; give the .regime file inside it")
    try:
        return read_source(path)
    except NotARegularFile:
        raise UsageProblem(f"{path} is not a regular file") from None
    except OSError as exc:
        raise UsageProblem(f"cannot read {path}: {exc.strerror or exc}") from None


def _guarded(fn):
    """Run a command body; turn every failure into a message and an exit code.

    Problems of the user's files and disk (unreadable, unwritable, full) are
    exit 2 with the path and the reason; Ctrl-C is 130 and SIGTERM 143, with
    one line; a closed pipe (`clausegen dump x | head`) ends quietly with 141;
    anything else is a bug in clausegen, exit 3.
    """
    from .outdir import OutputProblem, plain_reason

    def wrapper(*args, **kwargs):
        try:
            code = fn(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not at exit
        except (UsageProblem, OutputProblem) as exc:
            click.echo(f"error: {exc}", err=True)
            code = EXIT_USAGE
        except (Interrupted, KeyboardInterrupt) as exc:
            code = _stopped(exc)
        except BrokenPipeError:
            _silence_stdout()
            code = EXIT_PIPE
        except OSError as exc:
            if exc.filename:  # a file of the user's: say which, and why
                click.echo(f"error: {exc.filename}: {plain_reason(exc)}", err=True)
                code = EXIT_USAGE
            elif exc.errno in _DISK_ERRORS:  # e.g. stdout redirected to a full disk
                click.echo(f"error: {plain_reason(exc)}", err=True)
                code = EXIT_USAGE
            else:
                code = _internal_error(exc)
        except Exception as exc:
            code = _internal_error(exc)
        sys.exit(code)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _internal_error(exc: Exception) -> int:
    click.echo(f"internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
    return EXIT_INTERNAL


class Interrupted(BaseException):
    """Ctrl-C, raised where Python is; every `finally` cleans up on the way out.

    Not a KeyboardInterrupt: click turns those into "Aborted!" and exit 1
    when they come while it reads the arguments.
    """


class Terminated(Interrupted):
    """SIGTERM, handled as Ctrl-C is."""


def _stopped(exc: BaseException) -> int:
    if isinstance(exc, Terminated):
        click.echo("terminated", err=True)
        return EXIT_TERMINATED
    click.echo("interrupted", err=True)
    return EXIT_INTERRUPTED


def _catch_signals():
    """Ctrl-C raises Interrupted and SIGTERM Terminated while clausegen runs; return the undo."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def on_int(signum, frame):
        raise Interrupted()

    def on_term(signum, frame):
        raise Terminated()

    previous = {
        sig: signal.signal(sig, handler) for sig, handler in ((signal.SIGINT, on_int), (signal.SIGTERM, on_term))
    }
    return lambda: [signal.signal(sig, old) for sig, old in previous.items()]


class _Program(click.Group):
    """The clausegen command group; signals end it with one line and 130/143."""

    def main(self, *args, **kwargs):
        restore = _catch_signals()
        try:
            return super().main(*args, **kwargs)
        except Interrupted as exc:  # while click read the arguments, before a command ran
            sys.exit(_stopped(exc))
        finally:
            restore()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush does not complain of the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (tests): nothing to silence
        pass


def _iso_date(ctx, param, value):
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-11-02") from None


def _source_date():
    """SOURCE_DATE_EPOCH as a datetime, when set (for reproducible outputs)."""
    import os
    from datetime import datetime

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return datetime.fromtimestamp(int(value), tz=UTC)
    return None


@click.group(cls=_Program)
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
    """The file for showing diagnostics' source lines, if it can be read."""
    from .api import read_source

    try:
        return read_source(path)
    except (OSError, CompileError):
        return None


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
@_guarded
def fmt_command(files: tuple[str, ...], check_only: bool, show_diff: bool) -> int:
    """Rewrite regime FILES (or every .regime in a folder) in the canonical layout; `-` formats standard input to standard output."""
    import difflib
    import os

    from .api import decode_source
    from .language.fmt import format_source
    from .language.parser import MAX_BYTES
    from .outdir import plain_reason, replace_file

    changed = unchanged = 0
    broken = usage_problem = False
    for path in _regime_files(files):
        source = None
        try:
            if path == "-":
                before = sys.stdin.buffer.read(MAX_BYTES + 1)  # more is refused (CG110) as a file would be
                source = decode_source("<stdin>", before)
            else:
                source = _read(path)
                before = Path(path).read_bytes()
            after = format_source(source.text, source.name)
        except UsageProblem as exc:
            click.echo(f"error: {exc}", err=True)
            usage_problem = True
            continue
        except CompileError as exc:
            shown = {source.name: source} if source is not None else {path: _safe_source(path)}
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


@main.command()
@_guarded
def schema() -> int:
    """Print the JSON Schema of the regime model (`dump --stage model`)."""
    from .serialize import model_schema

    click.echo(json.dumps(model_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


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
@_guarded
def init(file, start, list_only, title, parties, law, calendar, no_input) -> int:
    """Write a first regime FILE (default my.regime) to edit; never overwrites a file."""
    from . import init as starters
    from .api import compile_source

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

    def checked(convert):
        def proc(value):
            try:
                return convert(value)
            except starters.StarterProblem as exc:
                raise click.BadParameter(str(exc)) from None

        return proc

    def not_empty(value):
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


def _csv(choices: tuple[str, ...]):
    """A click callback for comma-separated choices; '' or 'all' means all."""

    def parse(ctx, param, value):
        if value in (None, "", "all"):
            return choices
        items = tuple(v.strip() for v in value.split(",") if v.strip())
        bad = [v for v in items if v not in choices]
        if bad:
            raise click.BadParameter(f"unknown {', '.join(bad)}; choose from {', '.join(choices)}")
        return tuple(dict.fromkeys(items))

    return parse


from .kinds import KINDS as DOC_KINDS  # noqa: E402 - the kinds are stated once there (docmodel.KINDS is the same tuple)

OUTPUT_FORMATS = ("docx", "pdf", "html", "md")


@main.command(
    epilog=f"\b\nDocument kinds (--doc): {', '.join(DOC_KINDS)}\nFormats (--format): {', '.join(OUTPUT_FORMATS)}\nFiles go into OUTPUT/<file>/: build/acme-globex/ for acme-globex.regime\n\nWith no FILE inside a library folder (one with a clausegen.toml), or with FILE a library folder, builds the whole library (docs/library.md); options given here override the file. Exit codes: 0 built (with --check: every output up to date), 1 errors in a regime or (with --check) a stale, missing or extra output, 2 usage or I/O problems."
)
@click.argument("files", nargs=-1)
@click.option("-o", "--output", "out_dir", default="build", show_default=True, help="Folder to write into.")
@click.option(
    "--doc",
    "kinds",
    callback=_csv(DOC_KINDS),
    default="all",
    help=f"Document kinds, comma-separated: {', '.join(DOC_KINDS)} (default all).",
)
@click.option(
    "--format",
    "formats",
    callback=_csv(OUTPUT_FORMATS),
    default="all",
    help=f"Formats, comma-separated: {', '.join(OUTPUT_FORMATS)} (default all).",
)
@click.option(
    "--clauses",
    "clause_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="An organisation clause library over the built-in one (repeatable).",
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="An organisation's templates folder, searched before the built-in one (repeatable).",
)
@click.option(
    "--notified",
    callback=_iso_date,
    help="Date a dispute was notified (YYYY-MM-DD): the handbook then shows the date of every deadline.",
)
@click.option(
    "--between",
    "between",
    help="The parties of one dispute of a multi-party deal, comma-separated party ids (client,hosting): the handbook, settlement, notice and agreement to mediate are worded for them.",
)
@click.option("--draft", is_flag=True, help="Mark every page as a draft.")
@click.option(
    "--reference-docx",
    type=click.Path(dir_okay=False),
    help="A Word file whose styles (the house style) the DOCX output uses.",
)
@click.option(
    "--font-dir",
    "font_dirs",
    multiple=True,
    type=click.Path(),
    help="Extra fonts for PDF output, e.g. a CJK font for Chinese names (repeatable).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--previous",
    "previous",
    type=click.Path(dir_okay=False),
    help="The previous version's .regime file: the handbook then opens with what changed since it (one FILE only).",
)
@click.option(
    "--locked",
    is_flag=True,
    help="Fail (exit 1), writing nothing, when a clause or template file's wording, the files used, or clausegen's version differ from each regime's lock (FILE.lock, see `clausegen lock`); a missing lock is exit 2.",
)
@click.option(
    "-j", "--jobs", "workers", type=click.IntRange(min=1), help="Regimes built at once (default: the number of cores)."
)
@click.option("--force", is_flag=True, help="Rebuild every regime, even those whose inputs have not changed.")
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 listing every output that is stale, missing or extra (for CI and pre-commit).",
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="With --check: say what changed in the regime of each stale output."
)
@click.option("--shard", help="Build only share I of N of the library (I/N, e.g. 2/4), for CI matrices.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False),
    help="Write a JSON report (per regime: status, outputs with sha256, time, diagnostics).",
)
@click.option(
    "--junit", "junit_file", type=click.Path(dir_okay=False), help="Write a JUnit XML report for CI test panes."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only failures and the summary line.")
@click.option("-v", "--verbose", is_flag=True, help="Print every output file.")
@_guarded
def build(
    files,
    out_dir,
    kinds,
    formats,
    clause_dirs,
    template_dirs,
    notified,
    between,
    draft,
    reference_docx,
    font_dirs,
    strict,
    previous,
    locked,
    workers,
    force,
    check_only,
    show_diff,
    shard,
    report_file,
    junit_file,
    quiet,
    verbose,
) -> int:
    """Build the documents of regime FILES into OUTPUT/<file>/<kind>.<format>."""
    from .api import build_documents, compile_source, dispute_parties_problem, write_outputs

    library_options = (workers, force, check_only, show_diff, shard, report_file, junit_file, quiet, verbose)
    from .project.run import library_folder

    library = library_folder(files)
    if library is not None or any(library_options):
        if between:
            raise UsageProblem("--between names the parties of one dispute: give one FILE to build, not a library")
        if previous or locked or strict:
            raise UsageProblem(
                "--previous, --locked and --strict apply to single builds of named files, not to a library build or --check"
            )
        return _build_library(library, files, locals())
    if not files:
        raise UsageProblem(
            "give a .regime FILE to build, or run inside a library folder (one with a clausegen.toml; see docs/library.md)"
        )

    for d in clause_dirs + template_dirs:
        if not Path(d).is_dir():
            raise UsageProblem(f"no such folder: {d}")
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise UsageProblem(f"{out_dir} is not a folder; give -o a folder to write the documents into")
    if reference_docx:
        _check_reference(reference_docx)
    for d in font_dirs:
        if not Path(d).exists():
            raise UsageProblem(f"no such font file or folder: {d}")
    epoch = _source_date()
    options = {
        "draft": draft,
        "reference_docx": reference_docx,
        "source_date_epoch": int(epoch.timestamp()) if epoch else None,
        "font_paths": tuple(font_dirs),
    }
    all_diags: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    failed = False
    written = 0
    folders: dict[Path, None] = {}  # each regime's folder written, in order
    old = None
    if previous:
        if len(files) != 1:
            raise UsageProblem("--previous compares two versions of one regime: give one FILE to build")
        try:
            source = _read(previous)
            sources[source.name] = source
            old = compile_source(source)
            all_diags += old.warnings
        except CompileError as exc:  # reported as `check` reports it; nothing is built
            all_diags += exc.diagnostics
            files, failed = (), True
    locks = _locks_of(files) if locked else {}
    pending: list = []  # with --locked, nothing is written until every lock holds
    lock_failed = False
    for path in files:
        if isinstance(locks.get(path), CompileError):  # a malformed lock: its diagnostics, nothing built
            all_diags += locks[path].diagnostics
            failed = lock_failed = True
            continue
        try:
            source = _read(path)
            sources[source.name] = source
            compiled = compile_source(source)
            parties = tuple(x.strip() for x in between.split(",") if x.strip()) if between else None
            if parties and dispute_parties_problem(compiled.regime, parties):
                raise UsageProblem(dispute_parties_problem(compiled.regime, parties))
            built = build_documents(
                compiled,
                Path(out_dir),
                kinds,
                formats,
                tuple(map(Path, clause_dirs)),
                tuple(map(Path, template_dirs)),
                notified,
                options,
                _change_sentences(old.regime, compiled.regime) if old else None,
                parties,
            )
            all_diags += list(compiled.warnings) + built.warnings
            for kind in built.skipped:
                click.echo(f"note: {path} has no {kind} (the regime does not provide for one)", err=True)
            if strict and (compiled.warnings or built.warnings):
                failed = True
                continue
            if locked:
                if not _lock_holds(path, locks[path], built, kinds):
                    failed = lock_failed = True
                    continue
                pending.append(built.outputs)
                continue
            write_outputs(built.outputs)
            written += len(built.outputs)
            folders.update(dict.fromkeys(o.path.parent for o in built.outputs))
        except CompileError as exc:
            all_diags += exc.diagnostics
            failed = True
    if all_diags:
        click.echo(render_all(all_diags, _sources_of(all_diags, sources)), err=True)
    if not lock_failed:
        for outputs in pending:
            write_outputs(outputs)
            written += len(outputs)
            folders.update(dict.fromkeys(o.path.parent for o in outputs))
    # Name each regime's own folder (build/acme-globex/), where the drafter looks next.
    import os

    where = ", ".join(f"{folder}{os.sep}" for folder in folders) or f"{out_dir}"
    click.echo(f"wrote {written} file{'s' if written != 1 else ''} to {where}", err=True)
    return EXIT_ERRORS if failed else EXIT_OK


def _build_library(library, files, given) -> int:
    """`build` of a library, or of named files with library options (-j, --check, reports)."""
    import os

    from .project.run import adhoc_project, run_library

    ctx = click.get_current_context()
    names = {
        "out_dir": "output",
        "kinds": "kinds",
        "formats": "formats",
        "clause_dirs": "clause_dirs",
        "template_dirs": "template_dirs",
        "reference_docx": "reference_docx",
        "font_dirs": "font_dirs",
        "draft": "draft",
        "notified": "notified",
    }
    # Only what the command line really says overrides the library's file.
    overrides = {
        key: given[param]
        for param, key in names.items()
        if ctx.get_parameter_source(param) is not click.core.ParameterSource.DEFAULT
    }
    for d in tuple(given["clause_dirs"]) + tuple(given["template_dirs"]):
        if not Path(d).is_dir():
            raise UsageProblem(f"no such folder: {d}")
    if library is not None:
        from .project.config import load_project

        try:
            project = load_project(library, overrides)
        except CompileError as exc:
            click.echo(render_all(exc.diagnostics, _sources_of(exc.diagnostics, {})), err=True)
            return EXIT_ERRORS
    else:
        project = adhoc_project(
            files, {"output": given["out_dir"], "kinds": given["kinds"], "formats": given["formats"], **overrides}
        )
    mode = "quiet" if given["quiet"] else "verbose" if given["verbose"] else "auto"
    try:
        return run_library(
            project,
            given["workers"] or os.cpu_count() or 1,
            given["force"],
            given["check_only"],
            given["show_diff"],
            given["shard"],
            given["report_file"],
            given["junit_file"],
            mode,
            _safe_source,
        )
    except ValueError as exc:  # a malformed --shard
        raise UsageProblem(str(exc)) from None
    finally:
        if library is None:  # named files: their throwaway cache goes
            import shutil

            shutil.rmtree(project.cache_dir, ignore_errors=True)


def _change_sentences(old_regime, new_regime) -> tuple[str, ...]:
    """What changed between two versions of a regime, one sentence each, for the handbook
    (`build --previous`; see clausegen.changes.sentences)."""
    from .changes import sentences

    return sentences(old_regime, new_regime)


def _locks_of(files):
    """Each regime's lock for `build --locked`: a missing or unreadable lock is a
    usage problem (exit 2, before anything is built); a malformed one is kept as
    its CompileError, reported with the regime's other problems."""
    from .lock import lock_path, read

    locks = {}
    for path in files:
        where = lock_path(path)
        if not where.is_file():
            raise UsageProblem(
                f"no lock file {where}: make it with `clausegen lock {path}`"
                if not where.exists()
                else f"{where} is not a file"
            )
        try:
            locks[path] = read(where)
        except OSError as exc:
            raise UsageProblem(f"cannot read {where}: {exc.strerror or exc}") from None
        except CompileError as exc:
            locks[path] = exc
    return locks


def _lock_holds(path, lock, built, kinds) -> bool:
    """Whether a build used exactly what the regime's lock records; says what differs when not."""
    from .lock import compare, from_build, lock_path

    result = compare(lock, from_build(built.used), __version__, tuple(kinds))
    if result.clean:
        return True
    click.echo(
        f"error: {path}: the clause library differs from its lock {lock_path(path)}; nothing was written", err=True
    )
    for line in result.lines():
        click.echo(f"  {line}", err=True)
    click.echo(f"  = help: if the new wording is intended, run `clausegen lock --update {path}`", err=True)
    return False


def _check_reference(path: str) -> None:
    """A --reference-docx that is missing, unreadable or not a Word file is a usage problem."""
    from .outdir import plain_reason
    from .writers.docx import reference_problem

    if not Path(path).is_file():
        raise UsageProblem(f"no such file: {path}" if not Path(path).exists() else f"{path} is not a file")
    try:
        problem = reference_problem(path)
    except OSError as exc:
        raise UsageProblem(f"cannot read {path}: {plain_reason(exc)}") from None
    if problem:
        raise UsageProblem(problem)


@main.group()
def clauses() -> None:
    """Inspect the clause library."""


@clauses.command("list")
@click.option(
    "--clauses",
    "clause_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="An organisation clause library over the built-in one.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_guarded
def clauses_list(clause_dirs, fmt) -> int:
    """List every clause with its id, title, variants and path."""
    from .documents.library import Library
    from .documents.problems import ClauseProblem
    from .source import Span

    lib = Library(tuple(Path(d) for d in clause_dirs))
    rows = []
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
            variants = f" [{', '.join(r['variants'])}]" if r["variants"] else ""
            click.echo(f"{r['id']:<{width}}  {r['title']}{variants}")
    if problems:
        click.echo(render_all(problems, {}), err=True)
        return EXIT_ERRORS
    return EXIT_OK


@main.command()
@click.argument("file")
@click.option(
    "--from", "notified", required=True, callback=_iso_date, help="Date the dispute notice was received (YYYY-MM-DD)."
)
@click.option("--expedited", is_flag=True, help="Use the expedited timetable where the regime has one.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", help="Output format.")
@_guarded
def timeline(file: str, notified, expedited: bool, fmt: str) -> int:
    """Every deadline of the worst case, as dates, from the day a dispute is notified."""
    from .api import compile_source
    from .deadlines import to_ics, to_json, to_text
    from .timeline import timeline as compute

    try:
        source = _read(file)
        compiled = compile_source(source)
        # A --from date so late that a deadline passes year 9999 is CG020.
        t = compute(compiled.regime, notified, expedited)
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, {file: _safe_source(file)}), err=True)
        return EXIT_ERRORS
    if fmt == "json":
        click.echo(to_json(compiled.regime, t), nl=False)
    elif fmt == "ics":
        stamp = _source_date()
        click.echo(to_ics(compiled.regime, t, Path(file).stem, stamp), nl=False)
    else:
        click.echo(to_text(compiled.regime, t), nl=False)
    return EXIT_OK


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "-o", "--output", "out_dir", default="redline", show_default=True, help="Folder to write the redlines into."
)
@click.option("--doc", "kinds", callback=_csv(DOC_KINDS), default="all", help="Document kinds, comma-separated.")
@click.option(
    "--format",
    "formats",
    callback=_csv(OUTPUT_FORMATS),
    default="docx,html,pdf",
    show_default=True,
    help="Formats, comma-separated.",
)
@click.option("--author", default="clausegen", show_default=True, help="The author every tracked change in Word shows.")
@click.option(
    "--clauses",
    "clause_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="The organisation clause library of the new version (repeatable).",
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="The organisation templates of the new version (repeatable).",
)
@click.option(
    "--old-clauses",
    "old_clause_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="The old version's clause library, when it differs from --clauses (repeatable).",
)
@click.option(
    "--old-templates",
    "old_template_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="The old version's templates, when they differ from --templates (repeatable).",
)
@_guarded
def redline(
    old, new, out_dir, kinds, formats, author, clause_dirs, template_dirs, old_clause_dirs, old_template_dirs
) -> int:
    """Redlines of every document from regime OLD to regime NEW, as OUTPUT/<kind>.redline.<format>.

    Word files carry real tracked changes (accept them all and you have the
    new version's document, reject them all and you have the old one's);
    HTML, PDF and Markdown underline insertions, strike deletions and open
    with a summary of the changes. The date of every change is
    SOURCE_DATE_EPOCH when set, else the new version's effective date.

    Exit codes: 0 redlines written, 1 a version has errors (shown as `check`
    shows them), 2 usage or I/O problems.
    """
    from .api import compile_source, write_outputs
    from .renegotiation import Version, redline_documents, revision_date

    for d in clause_dirs + template_dirs + old_clause_dirs + old_template_dirs:
        if not Path(d).is_dir():
            raise UsageProblem(f"no such folder: {d}")
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise UsageProblem(f"{out_dir} is not a folder; give -o a folder to write the redlines into")
    sources: dict[str, SourceFile] = {}
    try:
        versions = []
        for path in (old, new):
            source = _read(path)
            sources[source.name] = source
            versions.append(compile_source(source))
        new_dirs = (tuple(map(Path, clause_dirs)), tuple(map(Path, template_dirs)))
        old_dirs = (
            tuple(map(Path, old_clause_dirs)) or new_dirs[0],
            tuple(map(Path, old_template_dirs)) or new_dirs[1],
        )
        epoch = _source_date()
        options = {
            "source_date_epoch": int(epoch.timestamp()) if epoch else None,
            "revision_author": author,
            "revision_date": revision_date(versions[1], epoch),
        }
        made = redline_documents(
            Version(versions[0], *old_dirs), Version(versions[1], *new_dirs), Path(out_dir), kinds, formats, options
        )
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, _sources_of(exc.diagnostics, sources)), err=True)
        return EXIT_ERRORS
    for kind in made.only_old:
        click.echo(
            f"note: only {old} has a {kind}; no redline of it (the new version does not provide for one)", err=True
        )
    for kind in made.only_new:
        click.echo(f"note: only {new} has a {kind}; no redline of it (build it with `clausegen build {new}`)", err=True)
    if made.report.library:
        click.echo(
            f"note: the clause library's wording changed since {old}.lock; both versions are shown in today's wording, so the redline marks only the renegotiated changes:",
            err=True,
        )
        for c in made.report.library:
            click.echo(f"  {c.describe()}", err=True)
    write_outputs(made.outputs)
    n = len(made.report.changes)
    click.echo(
        f"{n} change{'s' if n != 1 else ''} in the regime; wrote {len(made.outputs)} file{'s' if len(made.outputs) != 1 else ''} to {out_dir}",
        err=True,
    )
    return EXIT_OK


def _sources_of(diags: list[Diagnostic], known: dict[str, SourceFile]) -> dict[str, SourceFile]:
    """The files every diagnostic points into, for showing their lines (clause files too)."""
    sources = dict(known)
    for d in diags:
        if d.span.file not in sources:
            source = _safe_source(d.span.file)
            if source is not None:
                sources[d.span.file] = source
    return sources


@main.command(
    epilog="Exit codes: 0 no change, 1 changes, 2 usage or input error (a file that cannot be read, or a version that does not compile: its diagnostics are printed as `check` prints them)."
)
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="text (like a plan), json (docs/diff.md) or markdown (a pull-request comment).",
)
@click.option(
    "--notified",
    callback=_iso_date,
    help="Date the worst case is counted from (YYYY-MM-DD); default: the new version's effective date.",
)
@click.option(
    "--documents/--no-documents",
    "with_documents",
    default=True,
    help="Say which documents and clause numbers change (assembles both versions).",
)
@click.option(
    "--clauses",
    "clause_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="An organisation clause library over the built-in one (repeatable).",
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="An organisation's templates folder (repeatable).",
)
@_guarded
def diff(old: str, new: str, fmt: str, notified, with_documents: bool, clause_dirs, template_dirs) -> int:
    """What changed from regime OLD to regime NEW, and what follows from it."""
    from .changes.cli import run_diff

    for d in clause_dirs + template_dirs:
        if not Path(d).is_dir():
            raise UsageProblem(f"no such folder: {d}")
    return run_diff(
        old,
        new,
        fmt,
        notified,
        with_documents,
        tuple(map(Path, clause_dirs)),
        tuple(map(Path, template_dirs)),
        _read,
        _safe_source,
    )


@main.command("lock")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--update", is_flag=True, help="Accept the wording used now: rewrite a lock that differs, and say what changed."
)
@click.option(
    "--clauses",
    "clause_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="An organisation clause library over the built-in one (repeatable), as for build.",
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="An organisation's templates folder (repeatable), as for build.",
)
@_guarded
def lock(files, update, clause_dirs, template_dirs) -> int:
    """Record, beside each regime FILE (as FILE.lock), the clausegen version and the hash
    of every clause and template file its documents use; `build --locked` then fails when
    any of them changes. An existing lock that differs is kept, and the differences
    listed (exit 1), unless --update is given; an equal one is left as it is.

    Exit codes: 0 every lock written, updated or up to date; 1 a lock differs
    (and was kept), is malformed, or a regime or the library has errors; 2 a
    file or folder that cannot be read or written. See docs/lock.md."""
    from . import lock as locks
    from .api import compile_source

    for d in clause_dirs + template_dirs:
        if not Path(d).is_dir():
            raise UsageProblem(f"no such folder: {d}")
    all_diags: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    failed = False
    for path in files:
        try:
            source = _read(path)
            sources[source.name] = source
            regime = compile_source(source).regime
            done = locks.lock_regime(
                path, regime, tuple(map(Path, clause_dirs)), tuple(map(Path, template_dirs)), update, __version__
            )
        except CompileError as exc:
            all_diags += exc.diagnostics
            failed = True
            continue
        if done.status == "kept":
            click.echo(f"error: {done.path} differs from the wording used now, so it is kept:", err=True)
            failed = True
        else:
            click.echo(f"{done.path}: {done.status}", err=True)
        for line in done.lines:
            click.echo(f"  {line}", err=True)
        if done.status == "kept":
            click.echo(f"  = help: if the new wording is intended, run `clausegen lock --update {path}`", err=True)
    if all_diags:
        click.echo(render_all(all_diags, _sources_of(all_diags, sources)), err=True)
    return EXIT_ERRORS if failed else EXIT_OK


@main.command()
@_guarded
def lsp() -> int:
    """Run the language server on stdin and stdout (for editors; see docs/editors.md).

    Needs the lsp extra: pip install 'clausegen[lsp]'.
    """
    try:
        from .lsp.server import main as serve
    except ImportError:
        raise UsageProblem("the language server needs pygls: pip install 'clausegen[lsp]'") from None
    serve()
    return EXIT_OK


@main.command()
@click.argument("folder", required=False)
@click.option(
    "-j", "--jobs", "workers", type=click.IntRange(min=1), help="Regimes built at once (default: the number of cores)."
)
@_guarded
def watch(folder, workers) -> int:
    """Build the library in FOLDER (default: here), then rebuild what changes, until Ctrl-C.

    Needs the watch extra: pip install 'clausegen[watch]'.
    """
    import os

    from .project.config import find_project, load_project
    from .project.run import run_watch

    root = find_project(Path(folder or "."))
    if root is None:
        raise UsageProblem(
            f"{folder or 'this folder'} is not a library: it has no clausegen.toml (see docs/library.md)"
        )
    try:
        project = load_project(root, {})
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, _sources_of(exc.diagnostics, {})), err=True)
        return EXIT_ERRORS
    from .project.watch import WatchUnavailable

    try:
        return run_watch(project, workers or os.cpu_count() or 1, _safe_source, reload=lambda: load_project(root, {}))
    except WatchUnavailable as exc:
        raise UsageProblem(str(exc)) from None


if __name__ == "__main__":  # python -m clausegen.cli
    main()
