"""The wheel carries grammar/, clauses/ and templates/ and works from anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile

import pytest

from .conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    [path] = out.glob("clausegen-*.whl")
    return path


def test_wheel_ships_grammar_clauses_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "clausegen/grammar/regime.lark" in names
    assert "clausegen/clauses/laws.toml" in names
    assert any(n.startswith("clausegen/templates/") for n in names)


def test_installed_wheel_checks_from_any_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(EXAMPLES / "uk-public-sector-it.regime", work / "deal.regime")  # Acme warns CG032 on purpose
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(env_dir / "bin" / "clausegen"), "check", "deal.regime"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "ok: 1 file checked" in result.stderr
    where = subprocess.run(
        [str(python), "-c", "import clausegen.resources as r; print(r.data_dir('grammar'))"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    assert where.startswith(str(env_dir)), where


def test_wheel_ships_the_starting_points_of_init(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "clausegen/templates/starters/starter.regime" in names
    assert {f"clausegen/examples/{p.name}" for p in EXAMPLES.glob("*.regime")} <= set(names)
    assert not any(n.startswith("clausegen/examples/invalid/") for n in names)
