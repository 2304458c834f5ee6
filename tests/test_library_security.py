"""Hostile or broken clause libraries and templates: every case is a diagnostic, never a leak or a hang.

Each case builds a real document through the CLI with an organisation library
(--clauses) and, to stay fast, a one-clause notice template (--templates).
"""

from __future__ import annotations

import marshal
import os
import pickle
import re
import signal
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen.cli import main
from clausegen.documents import sandbox
from clausegen.documents.cache import safe_folder
from clausegen.documents.library import Library

from .conftest import EXAMPLES

REGIME = str(EXAMPLES / "acme-globex.regime")
HEADER = '+++\ntitle = "Evil"\n+++\nLine four.\n'  # the clause body under test starts on line 5
_DIAG = re.compile(r"error\[(CG\d{3})\]: (.*)\n\s*--> (.+):(\d+):(\d+)")


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("CLAUSEGEN_CACHE_DIR", "")


@pytest.fixture
def hang_guard():
    """Fail (instead of hanging the suite) when a build blocks on a FIFO or a device."""

    def fail(signum, frame):
        raise AssertionError("the build hung")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.setitimer(signal.ITIMER_REAL, 30)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def library(tmp_path: Path, body: str | None = None) -> tuple[Path, Path]:
    """An organisation library with custom/evil.md (HEADER + body) and a notice template using it."""
    clauses, templates = tmp_path / "org", tmp_path / "tpl"
    (clauses / "custom").mkdir(parents=True)
    templates.mkdir()
    (templates / "notice.toml").write_text(
        'kind = "notice"\ntitle = "T"\n\n[[section]]\ntitle = "S"\nclauses = ["custom.evil"]\n'
    )
    if body is not None:
        (clauses / "custom" / "evil.md").write_text(HEADER + body + "\n")
    return clauses, templates


def build(tmp_path: Path, clauses: Path, templates: Path | None = None, *more: str):
    args = [
        "build",
        REGIME,
        "--doc",
        "notice",
        "--format",
        "md",
        "-o",
        str(tmp_path / "out"),
        "--clauses",
        str(clauses),
    ]
    if templates is not None:
        args += ["--templates", str(templates)]
    result = CliRunner().invoke(main, args + list(more))
    found = [
        (code, message, file, int(line), int(col)) for code, message, file, line, col in _DIAG.findall(result.stderr)
    ]
    return result, found


def written(tmp_path: Path) -> str:
    files = list((tmp_path / "out").rglob("*.md"))
    return "".join(p.read_text() for p in files)


# -- reading files of other libraries, or of the machine ---------------------------------

ESCAPES = [
    '{% include "/etc/passwd" %}',
    '{% include "../../../../etc/passwd" %}',
    '{% include "builtin/../../../etc/passwd" %}',
    '{% import "/etc/hostname" as h %}{{ h }}',
    '{% include "/proc/self/environ" %}',
    '{% extends "/etc/passwd" %}',
    '{% from "../../../../etc/passwd" import x %}',
    '{% include "../evil.md" %}',
]


@pytest.mark.parametrize("body", ESCAPES)
def test_a_clause_may_only_include_files_of_its_own_library(tmp_path, body):
    clauses, templates = library(tmp_path, body)
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1, result.stderr
    [(code, message, file, line, col)] = found
    assert (code, file, line) == ("CG309", str(clauses / "custom" / "evil.md"), 5)
    assert "own library" in message and col > 1  # the caret sits on the name
    assert not (tmp_path / "out").exists()


def test_an_override_at_a_builtin_path_is_contained_too(tmp_path):
    """The real notice template, with the built-in notice_form.instructions overridden."""
    clauses = tmp_path / "org"
    (clauses / "notice_form").mkdir(parents=True)
    evil = clauses / "notice_form" / "instructions.md"
    evil.write_text(HEADER + '{% include "builtin/../../../../../../etc/passwd" %}\n')
    result, found = build(tmp_path, clauses)
    assert result.exit_code == 1
    assert [(c, f, ln) for c, _, f, ln, _ in found] == [("CG309", str(evil), 5)]
    assert "root:" not in result.output + result.stderr


def test_a_library_may_include_its_own_and_builtin_files(tmp_path):
    clauses, templates = library(
        tmp_path, '{% import "custom/_m.md" as m %}{{ m.hello() }} and {% include "custom/../custom/part.md" %}'
    )
    (clauses / "custom" / "_m.md").write_text("{% macro hello() %}HELLO FROM A MACRO{% endmacro %}")
    (clauses / "custom" / "part.md").write_text("A PART.")
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 0, result.stderr
    assert "HELLO FROM A MACRO and A PART." in written(tmp_path)


def test_a_symlinked_folder_pointing_outside_is_refused(tmp_path):
    outside = tmp_path / "elsewhere" / "custom"
    outside.mkdir(parents=True)
    (outside / "evil.md").write_text(HEADER + "SECRET FROM OUTSIDE\n")
    clauses, templates = library(tmp_path)
    (clauses / "custom").rmdir()
    (clauses / "custom").symlink_to(outside, target_is_directory=True)
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1
    [(code, message, file, line, _)] = found
    assert (code, file, line) == ("CG309", str(templates / "notice.toml"), 6)
    assert "SECRET" not in result.stderr and not (tmp_path / "out").exists()


def test_a_symlinked_file_pointing_outside_is_refused_when_included(tmp_path):
    clauses, templates = library(tmp_path, '{% include "custom/link.md" %}')
    (tmp_path / "secret.md").write_text("SECRET")
    (clauses / "custom" / "link.md").symlink_to(tmp_path / "secret.md")
    result, found = build(tmp_path, clauses, templates)
    assert [(f[0], f[3]) for f in found] == [("CG309", 5)]
    assert "SECRET" not in result.stderr


def test_an_include_of_a_missing_or_non_clause_file(tmp_path):
    clauses, templates = library(tmp_path, '{% include "custom/nope.md" %}')
    _, found = build(tmp_path, clauses, templates)
    assert [(f[0], f[3]) for f in found] == [("CG318", 5)]
    (clauses / "custom" / "evil.md").write_text(HEADER + '{% include "custom/notes.txt" %}\n')
    (clauses / "custom" / "notes.txt").write_text("x")
    _, found = build(tmp_path, clauses, templates)
    assert [(f[0], f[3]) for f in found] == [("CG318", 5)]


# -- special, huge and badly encoded files ---------------------------------------------------


def test_unused_fifo_device_link_and_cp1252_files_are_never_read(tmp_path, hang_guard):
    clauses, templates = library(tmp_path, "Fine.")
    os.mkfifo(clauses / "custom" / "x.md")
    (clauses / "custom" / "y.md").symlink_to("/dev/zero")
    (clauses / "custom" / "z.md").write_bytes(HEADER.encode() + "Caf\u00e9\n".encode("cp1252"))
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 0, result.stderr
    assert found == [] and "Fine." in written(tmp_path)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link", "dev-zero-inside"])
def test_a_used_special_file_is_refused_before_it_is_opened(tmp_path, hang_guard, kind):
    clauses, templates = library(tmp_path)
    target = clauses / "custom" / "evil.md"
    if kind == "fifo":
        os.mkfifo(target)
        expected = "CG310"
    elif kind == "dev-zero-link":
        target.symlink_to("/dev/zero")
        expected = "CG309"  # /dev/zero is outside the library
    else:
        try:
            os.mknod(target, 0o600 | 0o020000, os.makedev(1, 5))  # a character device inside the library
        except PermissionError:
            pytest.skip("making a device needs root")
        expected = "CG310"
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1
    assert [(f[0], f[2], f[3]) for f in found] == [(expected, str(templates / "notice.toml"), 6)]


def test_clauses_list_reads_every_header_safely(tmp_path, hang_guard):
    clauses, _ = library(tmp_path, "Fine.")
    os.mkfifo(clauses / "custom" / "x.md")
    (clauses / "custom" / "y.md").symlink_to("/dev/zero")
    result = CliRunner().invoke(main, ["clauses", "list", "--clauses", str(clauses)])
    assert result.exit_code == 1
    assert {c for c, *_ in _DIAG.findall(result.stderr)} == {"CG309", "CG310"}
    assert "custom.evil" in result.stdout and "Evil" in result.stdout


def test_a_used_file_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    from clausegen.documents import libfiles

    monkeypatch.setattr(libfiles, "MAX_FILE_BYTES", 1000)
    clauses, templates = library(tmp_path, "x" * 2000)
    _, found = build(tmp_path, clauses, templates)
    assert [(f[0], f[3]) for f in found] == [("CG311", 6)]


def test_a_cp1252_clause_is_reported_at_its_line(tmp_path):
    clauses, templates = library(tmp_path)
    (clauses / "custom" / "evil.md").write_bytes(HEADER.encode() + "Caf\u00e9 au lait\n".encode("cp1252"))
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1
    assert [(f[0], f[2], f[3], f[4]) for f in found] == [("CG312", str(clauses / "custom" / "evil.md"), 5, 4)]


def test_deeply_nested_toml_in_a_clause_header(tmp_path):
    clauses, templates = library(tmp_path)
    (clauses / "custom" / "evil.md").write_text('+++\ntitle = "E"\nx = ' + "[" * 5000 + "]" * 5000 + "\n+++\nBody.\n")
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1
    assert [(f[0], f[2]) for f in found] == [("CG300", str(clauses / "custom" / "evil.md"))]


# -- bounded rendering ------------------------------------------------------------------------

HOSTILE = [
    ("{{ range(10**9) | list | length }}", "CG315"),
    ("{% for i in range(10**5) %}{% for j in range(10**5) %}x{% endfor %}{% endfor %}", "CG315"),
    ("{{ ([0] * 10**9) | length }}", "CG315"),
    ("{{ 'ab' * 10**9 }}", "CG315"),
    ("{{ 10 ** 5000 }}", "CG315"),
    ("{{ 7 ** (10**9) }}", "CG315"),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
        "CG315",
    ),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", "CG315"),
    ("{{ '%999999999s' % 'x' }}", "CG315"),
    ("{{ '{:>999999999}'.format('x') }}", "CG315"),
    ("{{ 'x'.ljust(10**9) }}", "CG315"),
    ("{{ 'x' | center(10**9) }}", "CG315"),
    ("{{ ('x' * 900000) | replace('x', 'yy') }}", "CG315"),
    # found by a red-team pass: constant folding at compile time, and single
    # operations whose result is far larger than their inputs look
    ('{{ [1]|batch(1000000000, "x")|first|length }}', "CG315"),
    ('{{ [1]|slice(100000000, "x")|list|length }}', "CG315"),
    ('{% set a = ["x"*100000]*100000 %}{{ a|tojson|length }}', "CG315"),
    ('{% set a = ["x"*1000]*900 %}{% set b = [a]*1000 %}{{ b|string|length }}', "CG315"),
    ('{{ ("{0}"*30000).format("y"*100000)|length }}', "CG315"),
    ("{% set a = [[0]*100000]*300 %}{{ a|sum(start=[])|length }}", "CG315"),
    ('{{ ("%(a)s"*20000) % {"a": "x"*100000} }}', "CG315"),
    ('{{ "{0:{1}}".format(1, "99999") }}', "CG315"),
    ("{{ 1 / 0 }}", "CG300"),
    ("{{ '%(a)s' % {} }}", "CG300"),
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}", "CG316"),
    ('{% include "custom/evil.md" %}', "CG316"),
    ("{% for i in range(10000) %}{% for j in range(10000) %}xxxxxxxxxx{% endfor %}{% endfor %}", "CG314"),
]


@pytest.mark.parametrize("body,code", HOSTILE)
def test_hostile_rendering_is_a_diagnostic_at_the_line(tmp_path, body, code):
    clauses, templates = library(tmp_path, body)
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1, result.stderr
    assert [(f[0], f[2], f[3]) for f in found] == [(code, str(clauses / "custom" / "evil.md"), 5)]


@pytest.mark.parametrize(
    "body,word",
    [
        ("{{ regime.__class__.__mro__ }}", "__class__"),
        ("{{ period.__globals__ }}", "__globals__"),
        ('{{ regime | attr("__class__") }}', "__class__"),
        ("{% set l = [1] %}{{ l.append(2) }}", "append"),
    ],
)
def test_sandbox_violations_point_at_the_line_in_plain_words(tmp_path, body, word):
    clauses, templates = library(tmp_path, "Fine line.\n\n" + body)
    _, found = build(tmp_path, clauses, templates)
    [(code, message, file, line, _)] = found
    assert (code, line) == ("CG300", 7)
    assert f"`{word}`" in message and "not allowed in a clause" not in message


def test_an_extends_loop(tmp_path):
    clauses, templates = library(tmp_path, '{% extends "custom/other.md" %}')
    (clauses / "custom" / "other.md").write_text('{% extends "custom/evil.md" %}\n')
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1
    assert [f[0] for f in found] == ["CG316"]


def test_a_render_past_its_time_limit_stops_at_the_loop(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    body = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    clauses, templates = library(tmp_path, body)
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1
    assert [(f[0], f[3]) for f in found] == [("CG313", 5)]


def test_the_time_limit_holds_outside_the_main_thread(tmp_path, monkeypatch):
    """No SIGALRM there: the bounded range and the output stream watch the clock."""
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    clauses, _ = library(tmp_path, "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}")
    outcome = []

    def run():
        try:
            Library((clauses,)).env.get_template("custom/evil.md").render()
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(20)
    assert not thread.is_alive()
    assert [getattr(e, "code", e) for e in outcome] == ["CG313"]


# -- templates of the wrong shape ----------------------------------------------------------------


@pytest.mark.parametrize(
    "toml,line,key",
    [
        ('kind = "notice"\ntitle = "T"\nsection = "x"\n', 3, "section"),
        ('kind = "notice"\ntitle = "T"\n\n[[section]]\ntitle = "S"\nclauses = 5\n', 6, "clauses"),
        ('kind = "notice"\ntitle = 5\n', 2, "title"),
        ('kind = "notice"\npreamble = "custom.evil"\n', 2, "preamble"),
        ('kind = "notice"\nnumbered = "yes"\n', 2, "numbered"),
        ('kind = "notice"\ntitle = "T"\ntoc = "no"\n', 3, "toc"),
        (
            'kind = "notice"\n\n[[section]]\ntitle = "A"\nclauses = []\n\n[[section]]\ntitle = ["B"]\nclauses = []\n',
            8,
            "title",
        ),
    ],
)
def test_a_template_key_of_the_wrong_shape(tmp_path, toml, line, key):
    clauses, templates = library(tmp_path, "Fine.")
    (templates / "notice.toml").write_text(toml)
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1
    [(code, message, file, got_line, _)] = found
    assert (code, file, got_line) == ("CG317", str(templates / "notice.toml"), line)
    assert f"`{key}`" in message


def test_deeply_nested_toml_in_a_template(tmp_path):
    clauses, templates = library(tmp_path, "Fine.")
    (templates / "notice.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1 and [f[0] for f in found] == ["CG308"]


def test_a_template_linked_from_outside_its_folder(tmp_path):
    clauses, templates = library(tmp_path, "Fine.")
    (templates / "notice.toml").unlink()
    (templates / "notice.toml").symlink_to("/dev/zero")
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1 and [f[0] for f in found] == ["CG309"]


# -- the template cache ---------------------------------------------------------------------------


def _prime(tmp_path, monkeypatch) -> tuple[Path, str]:
    """Build once with a cache; return its folder and the output."""
    monkeypatch.setenv("CLAUSEGEN_CACHE_DIR", str(tmp_path / "cache"))
    clauses, templates = library(tmp_path, "Cached wording for {{ regime.title }}.")
    result, _ = build(tmp_path, clauses, templates)
    assert result.exit_code == 0, result.stderr
    [folder] = (tmp_path / "cache").iterdir()
    assert list(folder.iterdir()), "the build wrote no cache"
    return folder, written(tmp_path)


def _poison(folder: Path, marker: Path) -> None:
    """Keep each file's valid header (magic + checksum); replace the code by code that leaves a marker."""
    from jinja2.bccache import bc_magic

    header = len(bc_magic) + len(pickle.dumps("0" * 40, 2))
    evil = marshal.dumps(compile(f"open({str(marker)!r}, 'w').close()", "evil", "exec"))
    for f in folder.iterdir():
        f.write_bytes(f.read_bytes()[:header] + evil)


def test_a_poisoned_cache_runs_when_it_is_ours(tmp_path, monkeypatch):
    """The control for the tests below: the poison does work when the folder is trusted."""
    folder, _ = _prime(tmp_path, monkeypatch)
    marker = tmp_path / "ran"
    _poison(folder, marker)
    build(tmp_path, *library_paths(tmp_path))
    assert marker.exists()


def library_paths(tmp_path):
    return tmp_path / "org", tmp_path / "tpl"


@pytest.mark.parametrize(
    "how", ["world-writable folder", "folder of another user", "files of another user", "group-writable files"]
)
def test_a_cache_others_could_write_is_not_read(tmp_path, monkeypatch, how):
    if how.endswith("another user") and os.getuid() != 0:
        pytest.skip("giving a file to another user needs root")
    folder, good = _prime(tmp_path, monkeypatch)
    marker = tmp_path / "ran"
    _poison(folder, marker)
    if how == "world-writable folder":
        folder.chmod(0o777)
    elif how == "folder of another user":
        os.chown(folder, 65534, 65534)
    else:
        for f in folder.iterdir():
            if how == "files of another user":
                os.chown(f, 65534, 65534)
            else:
                f.chmod(0o664)
    result, _ = build(tmp_path, *library_paths(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert not marker.exists()
    assert written(tmp_path) == good


def test_a_forged_checksum_is_never_unpickled(tmp_path, monkeypatch):
    from jinja2.bccache import bc_magic

    folder, good = _prime(tmp_path, monkeypatch)
    marker = tmp_path / "unpickled"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for f in folder.iterdir():
        f.write_bytes(bc_magic + pickle.dumps(Evil(), 2))
    result, _ = build(tmp_path, *library_paths(tmp_path))
    assert result.exit_code == 0 and not marker.exists()
    assert written(tmp_path) == good


def test_cache_folder_checks(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    assert safe_folder(mine)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # writable by all, not sticky: anyone could swap `inner`
    (shared / "inner").mkdir(mode=0o700)
    assert not safe_folder(shared / "inner")
    shared.chmod(0o1777)  # sticky, like /tmp: only the owner may rename or delete
    assert safe_folder(shared / "inner")
    link = tmp_path / "link"
    link.symlink_to(mine)
    assert not safe_folder(link)


def test_an_empty_cache_setting_turns_the_cache_off(tmp_path, monkeypatch):
    from clausegen.documents.library import _bytecode_cache

    monkeypatch.setenv("CLAUSEGEN_CACHE_DIR", "")
    assert _bytecode_cache() is None
    assert Library().env.bytecode_cache is None


def test_conditions_and_titles_are_bounded_and_reported_too(tmp_path):
    clauses, templates = library(tmp_path)
    (clauses / "custom" / "evil.md").write_text('+++\ntitle = "E"\napplies = "range(10**9)"\n+++\nBody.\n')
    (templates / "notice.toml").write_text(
        'kind = "notice"\ntitle = "{{ 10 ** 5000 }}"\n\n[[section]]\ntitle = "S"\nwhen = "1 / 0"\nclauses = ["custom.evil"]\n'
    )
    result, found = build(tmp_path, clauses, templates)
    assert result.exit_code == 1
    got = {(f[0], Path(f[2]).name, f[3]) for f in found}
    assert ("CG300", "notice.toml", 5) in got  # the section's `when` (reported at its title line)
    (templates / "notice.toml").write_text(
        'kind = "notice"\ntitle = "{{ 10 ** 5000 }}"\n\n[[section]]\ntitle = "S"\nclauses = ["custom.evil"]\n'
    )
    _, found = build(tmp_path, clauses, templates)
    got = {(f[0], Path(f[2]).name, f[3]) for f in found}
    assert got == {("CG315", "evil.md", 2), ("CG315", "notice.toml", 1)}
