"""The command line: exit codes, output formats, and no traceback for any input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from clausegen.cli import main

from .conftest import EXAMPLES, ROOT

ACME = str(EXAMPLES / "acme-globex.regime")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_clean_file_exits_0():
    result = run("check", str(EXAMPLES / "uk-public-sector-it.regime"))  # Acme warns CG032 on purpose
    assert result.exit_code == 0
    assert "ok: 1 file checked" in result.stderr


def test_check_missing_file_exits_2():
    result = run("check", "no-such-file.regime")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no such file: no-such-file.regime"


def test_check_error_exits_1_with_rustc_style_output(tmp_path):
    bad = tmp_path / "bad.regime"
    bad.write_text(open(ACME).read().replace('  calendar "GB-ENG"  # public holidays that business days skip\n', ""))
    result = run("check", str(bad))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error[CG004]: business days are used but no holiday calendar is named"
    assert lines[1] == f"  --> {bad}:40:33"
    assert lines[3] == "40 |       extraordinary_meetings on 5 business_days notice"
    assert lines[4] == "   |                                 " + "^" * 15
    assert lines[5].startswith("   = help: add `calendar")
    assert lines[-1] == "1 error, 1 warning"  # and Acme's own CG032 (its 90-day long stop)


def test_json_format(tmp_path):
    bad = tmp_path / "bad.regime"
    bad.write_text(open(ACME).read().replace('venue "London"', 'venu "London"'))
    result = run("check", "--format", "json", str(bad))
    assert result.exit_code == 1
    [d] = [d for d in json.loads(result.stdout) if d["code"] != "CG032"]  # Acme's 90-day long stop warns
    assert d == {
        "file": str(bad),
        "line": 94,
        "column": 5,
        "end_line": 94,
        "end_column": 9,
        "code": "CG200",
        "severity": "error",
        "message": "`venu` is not something a mediation block can say",
        "help": "did you mean `venue`?",
    }


def test_strict_makes_warnings_fail(tmp_path):
    warn = tmp_path / "warn.regime"
    warn.write_text(
        open(ACME)
        .read()
        .replace("confidential except fact_of_mediation, required_by_law, enforcing_settlement", "confidential")
    )
    assert run("check", str(warn)).exit_code == 0
    strict = run("check", "--strict", str(warn))
    assert strict.exit_code == 1 and "warning[CG014]" in strict.stderr


def test_dump_ast_and_model_and_schema():
    ast = json.loads(run("dump", ACME, "--stage", "ast").stdout)
    assert ast["statements"][0]["keyword"] == "regime"
    model = json.loads(run("dump", ACME, "--stage", "model").stdout)
    assert model["escalation"]["tiers"][2]["limit"]["amount"] == 15
    assert model["escalation"]["tiers"][2]["span"]["line"] > 0
    schema = json.loads(run("schema").stdout)
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(model, schema)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02binary\xff\xfe junk" * 100,
        bytes(range(256)) * 40,
        b"\xef\xbb\xbf",
        b"regime " + b"{" * 5000 + b"}" * 5000,
        b'regime "x" {\n' + b"  a {\n" * 200 + b"  }\n" * 200 + b"}\n",
        b"}}}}{{{{",
        b'regime "x" {\n' + b'  tier a "b" { within 10 days }\n' * 330_000 + b"}\n",
        'regime "Ünïcödé" {\n  party client "Müller & Söhne GmbH"\n}\n'.encode(),
        b'""""\n\\\\\\\n{',
    ],
    ids=[
        "empty",
        "binary",
        "all-bytes",
        "bom-only",
        "deep-braces",
        "nested-blocks",
        "braces",
        "10MB",
        "unicode",
        "quotes",
    ],
)
def test_no_input_produces_a_traceback(tmp_path, content):
    path = tmp_path / "input.regime"
    path.write_bytes(content)
    result = run("check", str(path))
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_internal_error_is_one_line_and_exit_3(monkeypatch):
    import clausegen.api as api

    def boom(source):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(api, "compile_source", boom)
    result = run("check", ACME)
    assert result.exit_code == 3
    assert result.stderr.strip() == "internal error: RuntimeError: simulated bug (please report this)"


def test_check_does_not_import_heavy_libraries():
    code = (
        "import sys; from clausegen.cli import main\n"
        "sys.argv=['clausegen','check',%r]\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "bad=[m for m in ('docx','pypandoc','typst','jinja2') if m in sys.modules]\n"
        "print(bad)" % ACME
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_build_rejects_missing_folders_and_files(tmp_path):
    for option, value in (
        ("--font-dir", "no-fonts"),
        ("--clauses", "no-clauses"),
        ("--templates", "no-templates"),
        ("--reference-docx", "no.docx"),
    ):
        result = run("build", ACME, option, str(tmp_path / value), "-o", str(tmp_path / "out"))
        assert result.exit_code == 2, option
        assert "no such" in result.stderr
    assert not (tmp_path / "out").exists()


def test_build_unknown_kind_or_format_is_a_usage_error(tmp_path):
    assert run("build", ACME, "--doc", "brochure", "-o", str(tmp_path)).exit_code == 2
    result = run("build", ACME, "--format", "odt", "-o", str(tmp_path))
    assert result.exit_code == 2 and "choose from docx, pdf, html, md" in result.output
