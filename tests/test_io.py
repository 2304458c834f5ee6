"""I/O, signals and worker processes: what the user sees when the disk, the
pipe or the machine gets in the way, and what a build leaves behind.

Exit codes checked here: 2 with the path and the reason for file problems,
130 for Ctrl-C, 143 for SIGTERM, 141 for a closed pipe, 3 only for bugs.
"""

from __future__ import annotations

import errno
import io
import json
import os
import pickle
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen import outdir
from clausegen.cli import main
from clausegen.docmodel import Clause, Paragraph, Text

from .conftest import EXAMPLES, ROOT

ACME = str(EXAMPLES / "acme-globex.regime")
UK = str(EXAMPLES / "uk-public-sector-it.regime")
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
LINUX = sys.platform.startswith("linux")


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if "clausegen-" in p.name or p.name.endswith(".tmp"))


# -- exit 2 with the path and the reason ------------------------------------------------------


def test_unwritable_output_folder_names_the_file(tmp_path, monkeypatch):
    real_mkdir = os.mkdir

    def denied(path, *args, **kwargs):
        if "clausegen-tmp" in str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", denied)
    r = cli("build", ACME, "-o", str(tmp_path), "--format", "md")
    assert r.exit_code == 2, r.output
    assert f"error: cannot write {tmp_path}/acme-globex/schedule.md: permission denied" in r.output
    assert "internal error" not in r.output


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_output_folder(tmp_path):
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    try:
        r = cli("build", ACME, "-o", str(tmp_path / "ro"), "--format", "md")
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert r.exit_code == 2
    assert "acme-globex/schedule.md: permission denied" in r.output


def test_read_only_regime_folder_is_not_replaced(tmp_path, monkeypatch):
    assert cli("build", ACME, "-o", str(tmp_path), "--format", "md").exit_code == 0
    folder = tmp_path / "acme-globex"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != folder)
    r = cli("build", ACME, "-o", str(tmp_path), "--format", "md", "--notified", "2026-05-01")
    assert r.exit_code == 2
    assert "permission denied" in r.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_full_disk_names_the_file_and_keeps_the_old_folder(tmp_path, monkeypatch):
    assert cli("build", ACME, "-o", str(tmp_path), "--format", "md,html").exit_code == 0
    folder = tmp_path / "acme-globex"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    r = cli("build", ACME, "-o", str(tmp_path), "--format", "md,html", "--draft", "--notified", "2026-05-01")
    monkeypatch.undo()
    assert r.exit_code == 2, r.output
    assert f"error: cannot write {folder}/" in r.output and ": no space left on device" in r.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing half-replaced
    assert leftovers(tmp_path) == []


def test_output_that_is_a_file(tmp_path):
    f = tmp_path / "out.txt"
    f.write_text("x")
    r = cli("build", ACME, "-o", str(f), "--format", "md")
    assert r.exit_code == 2
    assert f"error: {f} is not a folder" in r.output
    r = cli("build", ACME, "-o", str(f / "deeper"), "--format", "md")
    assert r.exit_code == 2
    assert "a part of the path is a file, not a folder" in r.output


def test_regime_folder_that_is_a_file(tmp_path):
    (tmp_path / "acme-globex").write_text("x")
    r = cli("build", ACME, "-o", str(tmp_path), "--format", "md")
    assert r.exit_code == 2
    assert f"cannot write {tmp_path}/acme-globex: " in r.output


@pytest.mark.parametrize("content", [b"not a word file", "zip"])
def test_bogus_reference_docx(tmp_path, content):
    house = tmp_path / "house.docx"
    if content == "zip":
        with zipfile.ZipFile(house, "w") as z:
            z.writestr("hello.txt", "a zip, but not a Word document")
    else:
        house.write_bytes(content)
    r = cli("build", ACME, "-o", str(tmp_path / "out"), "--format", "docx", "--reference-docx", str(house))
    assert r.exit_code == 2, r.output
    assert f"error: {house} is not a Word" in r.output
    assert not (tmp_path / "out").exists()


def test_missing_reference_docx(tmp_path):
    r = cli("build", ACME, "-o", str(tmp_path), "--format", "docx", "--reference-docx", str(tmp_path / "house.docx"))
    assert r.exit_code == 2
    assert f"error: no such file: {tmp_path}/house.docx" in r.output


def test_unexpected_exception_is_still_an_internal_error(tmp_path, monkeypatch):
    import clausegen.api

    def bug(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(clausegen.api, "build_documents", bug)
    r = cli("build", ACME, "-o", str(tmp_path), "--format", "md")
    assert r.exit_code == 3
    assert "internal error: RuntimeError: a bug (please report this)" in r.output


# -- interrupts, signals, pipes --------------------------------------------------------------


def test_ctrl_c_while_writing_exits_130_and_leaves_nothing(tmp_path, monkeypatch):
    assert cli("build", ACME, "-o", str(tmp_path), "--format", "md").exit_code == 0
    folder = tmp_path / "acme-globex"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def interrupted(path, data):  # the temp folder exists, with the unchanged files linked in
        assert path.parent.name.startswith(".acme-globex.clausegen-tmp-")
        assert len(list(path.parent.iterdir())) == len(before) - 1
        raise KeyboardInterrupt

    monkeypatch.setattr(outdir, "_write_new", interrupted)
    r = cli("build", ACME, "-o", str(tmp_path), "--format", "md", "--notified", "2026-05-01")
    assert r.exit_code == 130
    assert r.output.strip() == "interrupted"
    assert leftovers(tmp_path) == []
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == pgid and fields[0] not in "ZX":
                alive.append(int(entry))
    return alive


@pytest.mark.skipif(not LINUX, reason="reads /proc")
@pytest.mark.parametrize("sig, code, line", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_signal_during_build_stops_workers(tmp_path, sig, code, line):
    """Signalled while the render workers run: one line, the exit code, no process, no temp folder."""
    p = subprocess.Popen(
        [sys.executable, "-m", "clausegen.cli", "build", UK, "-o", str(tmp_path), "--format", "pdf,docx"],
        env=ENV,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while len(_group_alive(p.pid)) < 3 and time.monotonic() < deadline:  # the build and its two workers
        time.sleep(0.02)
    assert len(_group_alive(p.pid)) >= 3, "the workers never started"
    if sig == signal.SIGINT:
        os.killpg(p.pid, sig)  # as a terminal's Ctrl-C does: the whole foreground group
    else:
        os.kill(p.pid, sig)  # as `kill` does: the build only
    out, err = p.communicate(timeout=30)
    time.sleep(0.2)
    assert p.returncode == code, err
    assert err.strip() == line
    assert _group_alive(p.pid) == []
    assert leftovers(tmp_path) == []


def test_closed_pipe_ends_quietly_with_141():
    p = subprocess.Popen(
        [sys.executable, "-m", "clausegen.cli", "schema"], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    p.stdout.close()  # the reader is gone before anything is written
    err = p.stderr.read()
    p.wait(timeout=30)
    assert p.returncode == 141
    assert err == b""


# -- worker processes ---------------------------------------------------------------------


class Unpicklable(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.handle = io.StringIO()  # like lxml's error log: cannot be pickled

    def __reduce__(self):
        raise TypeError("cannot pickle this")


def test_worker_error_comes_back_as_text(monkeypatch):
    from clausegen import render

    def broken(fmt, document, options):
        raise Unpicklable("the party name has U+FFFE at 3:17")

    monkeypatch.setattr(render, "_render", broken)
    with pytest.raises(render.WorkerFailure) as info:
        render._render_aside("docx", None, {})
    failure = pickle.loads(pickle.dumps(info.value))  # what the pool sends across
    assert str(failure) == "Unpicklable: the party name has U+FFFE at 3:17"
    assert "Traceback" in failure.details


def test_worker_failure_reraises_builtin_kind():
    from clausegen.render import WorkerFailure

    with pytest.raises(ValueError, match="exceeded 255 char limit"):
        WorkerFailure("ValueError", "exceeded 255 char limit").reraise()


@pytest.mark.skipif(not LINUX, reason="fork and /proc")
def test_worker_error_reaches_the_user_through_the_pool(tmp_path):
    """In a fresh process (so the pool really forks), a writer error in a worker keeps its message."""
    script = f"""
import sys
from clausegen import cli, render
from clausegen.writers import docx
class Bad(Exception):
    def __reduce__(self):
        raise TypeError("no pickling")
def write(document, options):
    raise Bad("the real cause: U+FFFE in a party name")
docx.write = write
sys.argv = ["clausegen", "build", {UK!r}, "-o", {str(tmp_path)!r}, "--doc", "schedule", "--format", "docx,md"]
cli.main()
"""
    r = subprocess.run([sys.executable, "-c", script], env=ENV, capture_output=True, text=True, timeout=60)
    assert r.returncode == 3
    assert "Bad: the real cause: U+FFFE in a party name" in r.stderr
    assert "pickle" not in r.stderr


@pytest.mark.skipif(not LINUX, reason="PR_SET_PDEATHSIG and /proc")
def test_kill9_of_builds_leaves_no_orphan_no_temp_no_mixed_folder():
    """The small version of benchmarks/killtest.py (its 50-kill run is in the report)."""
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "killtest.py"),
            "--kills",
            "5",
            "--settle-every",
            "5",
            "--writer-kills",
            "5",
            "--grace",
            "0.3",
            "--doc",
            "schedule",
            "--format",
            "docx,pdf,md",
        ],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["counts"]["kills"] == 5 and report["writer_phase"]["kills"] == 5
    assert report["counts"]["orphans"] == 0
    assert report["counts"]["mixed_or_broken_folders"] == report["writer_phase"]["mixed_or_broken_folders"] == 0
    assert report["counts"]["leftovers_after_next_build"] == report["writer_phase"]["leftovers_after_next_write"] == 0


# -- the output folder: replaced whole, umask, timestamps, leftovers --------------------------


def test_files_honour_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        assert cli("build", ACME, "-o", str(tmp_path), "--format", "md").exit_code == 0
    finally:
        os.umask(old)
    for f in (tmp_path / "acme-globex").iterdir():
        assert f.stat().st_mode & 0o777 == 0o640, f


def test_partial_build_keeps_the_other_files_and_unchanged_timestamps(tmp_path):
    assert cli("build", UK, "-o", str(tmp_path), "--format", "md,html").exit_code == 0
    folder = tmp_path / "uk-public-sector-it"
    stamps = {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.iterdir()}
    handbook_md = (folder / "handbook.md").read_bytes()
    r = cli(
        "build", UK, "-o", str(tmp_path), "--doc", "handbook,schedule", "--format", "md", "--notified", "2026-05-01"
    )
    assert r.exit_code == 0
    now = {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.iterdir()}
    assert set(now) == set(stamps)  # the html files and the other documents stay
    assert (folder / "handbook.md").read_bytes() != handbook_md  # the dated handbook replaced it
    assert now["handbook.md"] != stamps["handbook.md"]
    for name in set(stamps) - {"handbook.md"}:
        assert now[name] == stamps[name], name  # unchanged: the same file, the same timestamp
    assert leftovers(tmp_path) == []


def test_identical_rebuild_touches_nothing(tmp_path):
    assert cli("build", ACME, "-o", str(tmp_path), "--format", "md").exit_code == 0
    folder = tmp_path / "acme-globex"
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} | {".": folder.stat().st_ino}
    assert cli("build", ACME, "-o", str(tmp_path), "--format", "md").exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} | {".": folder.stat().st_ino} == stamps


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_folder_is_swapped_whole(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    folder = tmp_path / "r"
    outdir.replace_folder(folder, {"a.md": b"A1", "b.md": b"B1"})
    (folder / "mine.txt").write_text("the user's own file")
    outdir.replace_folder(folder, {"a.md": b"A2", "b.md": b"B2"})
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        "a.md": b"A2",
        "b.md": b"B2",
        "mine.txt": b"the user's own file",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_leftovers_of_dead_builds_are_swept(tmp_path):
    dead = _dead_pid()
    (tmp_path / f".acme-globex.clausegen-tmp-{dead}").mkdir()
    (tmp_path / f".acme-globex.clausegen-tmp-{dead}" / "schedule.md").write_text("half")
    alive = tmp_path / f".other.clausegen-tmp-{os.getppid()}"  # a build still running
    alive.mkdir()
    # the two-rename fallback killed between its renames: the old folder comes back
    (tmp_path / f".lost.clausegen-old-{dead}").mkdir()
    (tmp_path / f".lost.clausegen-old-{dead}" / "schedule.md").write_text("old")
    assert cli("build", ACME, "-o", str(tmp_path), "--format", "md").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["acme-globex", alive.name, "lost"])
    assert (tmp_path / "lost" / "schedule.md").read_text() == "old"


# -- what passes check builds -------------------------------------------------------------------


def test_long_title_and_party_name_build_in_every_format(tmp_path):
    text = Path(UK).read_text(encoding="utf-8")
    title = "Digital Casework " + "Platform Services " * 16 + "Contract"
    assert len(title) >= 300
    party = "Brackenfield " + "Digital Services " * 117 + "Ltd"
    assert len(party) >= 2000
    text = text.replace("Digital Casework Platform Services Contract", title).replace(
        "Brackenfield Digital Services Ltd", party
    )
    src = tmp_path / "long.regime"
    src.write_text(text, encoding="utf-8")
    r = cli("build", str(src), "-o", str(tmp_path / "out"), "--doc", "schedule", "--format", "docx,pdf,html,md")
    assert r.exit_code == 0, r.output
    folder = tmp_path / "out" / "long"
    assert title in (folder / "schedule.md").read_text(encoding="utf-8")
    assert party in (folder / "schedule.html").read_text(encoding="utf-8")
    assert (folder / "schedule.pdf").read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(folder / "schedule.docx") as z:
        core = z.read("docProps/core.xml").decode()
        body = z.read("word/document.xml").decode()
    import docx

    props = docx.Document(str(folder / "schedule.docx")).core_properties
    assert len(props.subject) == 255 and props.subject.endswith("\u2026")  # the regime's title
    assert title.startswith(props.subject[:-1])
    assert title in body  # the body keeps the whole title
    assert "\u2026" in core


def test_docx_writer_drops_xml_illegal_characters():
    from docx import Document as Word

    from clausegen.writers.docx import write

    from .test_docx import real_document

    doc = real_document()
    bad = "Acme\x01 \ufffeGlobex\x0b\x1f\uffff Ltd"
    doc = replace(
        doc,
        meta=replace(doc.meta, title=f"Title {bad}", subtitle=f"Sub {bad}"),
        blocks=doc.blocks + (Clause("bad-chars", f"Heading {bad}", 1, (Paragraph((Text(f"Body {bad}"),)),)),),
    )
    data = write(doc, {})
    word = Word(io.BytesIO(data))
    assert word.core_properties.title == "Title Acme GlobexLtd".replace("GlobexLtd", "Globex Ltd")
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Body Acme Globex Ltd" in text and "Heading Acme Globex Ltd" in text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            assert b"\x01" not in raw and "\ufffe".encode() not in raw, name


def test_symlinked_regime_folder_stays_a_link(tmp_path):
    real = tmp_path / "shared" / "acme"
    real.mkdir(parents=True)
    (real / "notes.txt").write_text("kept")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "acme-globex").symlink_to(real)
    assert cli("build", ACME, "-o", str(tmp_path / "out"), "--format", "md").exit_code == 0
    assert (tmp_path / "out" / "acme-globex").is_symlink()
    assert (real / "schedule.md").is_file() and (real / "notes.txt").read_text() == "kept"
    assert leftovers(tmp_path) == []


def test_worker_file_errors_keep_their_path(monkeypatch):
    from clausegen import render

    def unreadable(fmt, document, options):
        raise PermissionError(errno.EACCES, "Permission denied", "/fonts/house.ttf")

    monkeypatch.setattr(render, "_render", unreadable)
    with pytest.raises(PermissionError) as info:
        render._render_aside("pdf", None, {})
    assert pickle.loads(pickle.dumps(info.value)).filename == "/fonts/house.ttf"  # the CLI says which file
