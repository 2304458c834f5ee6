"""`clausegen watch`: a real process, a real change, a rebuild of what changed, and Ctrl-C."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("watchfiles")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "library"


def _wait_for(proc, lines: list, needle: str, timeout: float = 60) -> None:
    """Read stderr lines until one holds `needle`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return
    raise AssertionError(f"no {needle!r} in:\n{''.join(lines)}")


def test_watch_rebuilds_the_changed_regime_only_and_stops_on_ctrl_c(tmp_path):
    root = tmp_path / "library"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build", ".clausegen-cache"))
    (root / "clausegen.toml").write_text(
        (root / "clausegen.toml")
        .read_text(encoding="utf-8")
        .replace('formats = ["docx", "html", "md"]', 'formats = ["md"]'),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "clausegen.cli", "watch", "-j", "1"],
        cwd=root,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: list[str] = []
    try:
        _wait_for(proc, lines, "watching for changes")
        assert sum("built contracts/" in line for line in lines) == 3
        lines.clear()
        uk_schedule = root / "build" / "contracts" / "uk-public-sector-it" / "schedule.md"
        before = uk_schedule.read_text(encoding="utf-8")
        acme = root / "build" / "contracts" / "acme-globex" / "schedule.md"
        acme_mtime = acme.stat().st_mtime_ns
        regime = root / "contracts" / "uk-public-sector-it.regime"
        time.sleep(0.3)
        regime.write_text(
            regime.read_text(encoding="utf-8").replace("within 10 working_days", "within 12 working_days", 1),
            encoding="utf-8",
        )
        _wait_for(proc, lines, "watching for changes")
        built = [line for line in lines if line.startswith("built ")]
        assert len(built) == 1 and "uk-public-sector-it.regime" in built[0], lines
        assert uk_schedule.read_text(encoding="utf-8") != before  # the changed regime's documents follow
        assert acme.stat().st_mtime_ns == acme_mtime  # the others are not touched
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 130  # interrupted, as every clausegen command reports Ctrl-C
