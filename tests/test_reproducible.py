"""Two builds of the same inputs give byte-identical files, whatever the clock, zone or locale."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile

from .conftest import EXAMPLES, ROOT


def build(tmp_path, name: str, **env_overrides) -> dict[str, str]:
    out = tmp_path / name
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(env_overrides)
    subprocess.run(
        [sys.executable, "-m", "clausegen.cli", "build", str(EXAMPLES / "uk-public-sector-it.regime"), "-o", str(out)],
        check=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_bytes_in_every_format_across_time_zones_and_locales(tmp_path):
    first = build(tmp_path, "a", TZ="UTC", LC_ALL="C")
    time.sleep(1.1)  # a later wall clock must not show either
    second = build(tmp_path, "b", TZ="Asia/Tokyo", LC_ALL="C.UTF-8", LANG="de_DE.UTF-8")
    assert len(first) == 20  # five documents in four formats
    assert {p.rsplit(".", 1)[1] for p in first} == {"docx", "pdf", "html", "md"}
    assert first == second


def test_source_date_epoch_sets_the_dates_inside(tmp_path):
    build(tmp_path, "e", SOURCE_DATE_EPOCH="1767225600")  # 2026-01-01T00:00:00Z
    with zipfile.ZipFile(tmp_path / "e" / "uk-public-sector-it" / "schedule.docx") as z:
        core = z.read("docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core
    pdf = (tmp_path / "e" / "uk-public-sector-it" / "schedule.pdf").read_bytes()
    assert b"20260101000000" in pdf


def test_reference_docx_from_the_command_line(tmp_path):
    import docx
    from click.testing import CliRunner

    from clausegen.cli import main

    house = docx.Document()
    house.styles["Normal"].font.name = "Courier New"
    house.save(tmp_path / "house.docx")
    out = tmp_path / "out"
    args = [
        "build",
        str(EXAMPLES / "acme-globex.regime"),
        "--doc",
        "schedule",
        "--format",
        "docx",
        "--draft",
        "--reference-docx",
        str(tmp_path / "house.docx"),
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    built = docx.Document(out / "acme-globex" / "schedule.docx")
    assert built.styles["Normal"].font.name == "Courier New"
    assert "Clause 2" in [s.name for s in built.styles]
    headers = " ".join(p.text for s in built.sections for p in s.header.paragraphs)
    assert "Draft" in headers or "DRAFT" in headers
    missing = CliRunner().invoke(main, args[:-3] + ["--reference-docx", str(tmp_path / "nope.docx"), "-o", str(out)])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_rendering_without_worker_processes_gives_the_same_bytes(tmp_path, monkeypatch):
    """The CLI renders PDF and DOCX in forked workers; in-process rendering must match it byte for byte."""
    from clausegen import render
    from clausegen.api import build_documents, compile_file

    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "clausegen.cli",
            "build",
            str(EXAMPLES / "acme-globex.regime"),
            "--doc",
            "schedule,notice",
            "--format",
            "pdf,docx,md",
            "-o",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    monkeypatch.setattr(render, "_can_fork", lambda: False)
    alone = build_documents(
        compile_file(str(EXAMPLES / "acme-globex.regime")), tmp_path, ("schedule", "notice"), ("pdf", "docx", "md")
    )
    assert len(alone.outputs) == 6
    for out in alone.outputs:
        assert out.path.read_bytes() == out.data, out.path.name


def test_no_fork_once_typst_has_run_in_this_process():
    import typst  # noqa: F401  (loaded, as by any in-process PDF compile)

    from clausegen.render import _can_fork

    assert _can_fork() is False
