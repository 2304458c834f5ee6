"""clausegen.toml: a library's regimes, output folders and options, every
mistake in it reported at its line and column (CG140-CG149), and the shards
of a CI matrix."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausegen.diagnostics import CompileError, Severity
from clausegen.kinds import KINDS
from clausegen.project import config
from clausegen.project.config import RegimeJob, find_project, load_project, parse_shard, shard

from .conftest import ROOT

LIBRARY = ROOT / "examples" / "library"
EXAMPLE = (ROOT / "examples" / "acme-globex.regime").read_text(encoding="utf-8")
INVALID = ROOT / "tests" / "project_invalid"


def _library(tmp_path: Path, toml: str | None, regimes=("contracts/acme.regime",)) -> Path:
    for rel in regimes:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(EXAMPLE, encoding="utf-8")
    if toml is not None:
        (tmp_path / "clausegen.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def _errors(folder: Path, overrides=None):
    with pytest.raises(CompileError) as info:
        load_project(folder, overrides or {})
    return info.value.diagnostics


def _where(d) -> tuple[str, int, int]:
    return d.code, d.span.line, d.span.column


# -- the sample library --------------------------------------------------------------


def test_the_sample_library_loads_with_its_override():
    project = load_project(LIBRARY, {})
    rel = [job.path.relative_to(LIBRARY).as_posix() for job in project.jobs]
    assert rel == [
        "contracts/acme-globex.regime",
        "contracts/eu/germany-managed-services.regime",
        "contracts/uk-public-sector-it.regime",
    ]
    assert project.config_file == LIBRARY / "clausegen.toml"
    assert project.output == LIBRARY / "build" and project.cache_dir == LIBRARY / ".clausegen-cache"
    assert project.warnings == ()
    acme, germany, uk = project.jobs
    assert acme.out_dir == LIBRARY / "build" / "contracts" / "acme-globex"
    assert germany.out_dir == LIBRARY / "build" / "contracts" / "eu" / "germany-managed-services"
    assert acme.formats == ("docx", "html", "md") and not acme.draft and acme.kinds == KINDS
    assert germany.formats == ("docx",) and germany.draft  # the [regime."..."] table
    assert uk.formats == acme.formats and not uk.draft


def test_the_sample_library_regimes_are_the_examples():
    for job in load_project(LIBRARY, {}).jobs:
        assert job.path.read_bytes() == (ROOT / "examples" / job.path.name).read_bytes()


def test_find_project(tmp_path):
    assert find_project(LIBRARY) == LIBRARY
    assert find_project(tmp_path) is None
    assert find_project(LIBRARY / "clausegen.toml") is None  # a file is not a library folder


# -- defaults, globs, layout ---------------------------------------------------------


def test_a_folder_without_clausegen_toml_is_every_regime_under_it(tmp_path):
    lib = _library(tmp_path, None, ("b.regime", "a/c.regime", ".git/x.regime", "build/old.regime"))
    (tmp_path / "notes.txt").write_text("x")
    project = load_project(lib, {})
    assert project.config_file is None
    # hidden folders and the output folder never hold regimes of the library
    assert [j.path.relative_to(lib).as_posix() for j in project.jobs] == ["a/c.regime", "b.regime"]
    assert [j.out_dir for j in project.jobs] == [lib / "build" / "c", lib / "build" / "b"]
    job = project.jobs[0]
    assert (job.kinds, job.formats, job.draft, job.notified, job.reference_docx) == (
        KINDS,
        ("docx", "pdf", "html", "md"),
        False,
        None,
        None,
    )


def test_jobs_are_sorted_by_path_whatever_the_order_of_globs_and_files(tmp_path):
    names = ("z/a.regime", "a/z.regime", "m.regime", "a/b/c.regime")
    lib = _library(
        tmp_path,
        'regimes = ["z/*.regime", "*.regime", "a/**/*.regime", "**/*.regime"]\nlayout = "{dir}/{stem}"\n',
        names,
    )
    rel = [j.path.relative_to(lib).as_posix() for j in load_project(lib, {}).jobs]
    assert rel == sorted(names)  # each once, though several globs match it


def test_layout_dir_stem_keeps_nested_libraries_apart(tmp_path):
    lib = _library(
        tmp_path,
        'regimes = ["c/**/*.regime"]\noutput = "out"\nlayout = "{dir}/{stem}"\n',
        ("c/uk/x.regime", "c/de/x.regime"),
    )
    assert [j.out_dir for j in load_project(lib, {}).jobs] == [
        lib / "out" / "c" / "de" / "x",
        lib / "out" / "c" / "uk" / "x",
    ]


def test_per_regime_overrides_apply_in_the_order_written(tmp_path):
    toml = """formats = ["docx", "html"]
documents = ["schedule", "handbook"]
[regime."c/*.regime"]
formats = ["md"]
draft = true
[regime."c/b.regime"]
formats = ["pdf", "docx"]
notified = 2026-03-01
"""
    lib = _library(tmp_path, toml, ("c/a.regime", "c/b.regime", "d.regime"))
    a, b, d = load_project(lib, {}).jobs
    assert (a.formats, a.draft, a.notified) == (("md",), True, None)
    assert (b.formats, b.draft, b.notified) == (("docx", "pdf"), True, date(2026, 3, 1))  # canonical order
    assert (d.formats, d.draft, d.kinds) == (("docx", "html"), False, ("schedule", "handbook"))


def test_command_line_overrides_win_over_the_file_and_its_tables(tmp_path):
    toml = """output = "site"
formats = ["docx"]
draft = false
[regime."c/a.regime"]
formats = ["md"]
"""
    lib = _library(tmp_path, toml, ("c/a.regime",))
    (tmp_path / "house").mkdir()
    # what click gives for options not used (False, ()) leaves the file's settings alone
    assert load_project(lib, {"draft": False, "clause_dirs": (), "formats": None}).jobs[0].formats == ("md",)
    over = {
        "output": "elsewhere",
        "formats": ("html",),
        "kinds": ("notice",),
        "draft": True,
        "notified": date(2026, 1, 2),
        "clause_dirs": ("house",),
        "template_dirs": (),
        "font_dirs": None,
    }
    project = load_project(lib, over)
    (job,) = project.jobs
    assert project.output == Path("elsewhere") and job.out_dir == Path("elsewhere") / "a"
    assert (job.formats, job.kinds, job.draft, job.notified, job.clause_dirs) == (
        ("html",),
        ("notice",),
        True,
        date(2026, 1, 2),
        (Path("house"),),
    )


def test_paths_in_the_file_are_relative_to_its_folder(tmp_path):
    lib = _library(
        tmp_path,
        'clauses = ["house/clauses"]\ntemplates = ["house/templates"]\nfonts = ["fonts"]\nreference-docx = "style.docx"\ncache = "ci-cache"\n',
    )
    for d in ("house/clauses", "house/templates", "fonts"):
        (tmp_path / d).mkdir(parents=True)
    import docx

    docx.Document().save(tmp_path / "style.docx")
    project = load_project(lib, {})
    (job,) = project.jobs
    assert job.clause_dirs == (lib / "house/clauses",) and job.template_dirs == (lib / "house/templates",)
    assert job.font_dirs == (lib / "fonts",) and job.reference_docx == lib / "style.docx"
    assert project.cache_dir == lib / "ci-cache"


def test_a_regime_folder_inside_another_regimes_folder_is_refused(tmp_path):
    lib = _library(tmp_path, 'layout = "{dir}/{stem}"\n', ("c/acme.regime", "c/acme/b.regime", "c/acme-x.regime"))
    assert [(d.code, d.message) for d in _errors(lib)] == [
        ("CG149", "the documents of c/acme/b.regime would go inside the folder of c/acme.regime")
    ]


def test_a_symbolic_link_out_of_the_library_is_not_a_regime(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.regime").write_text(EXAMPLE)
    lib = _library(tmp_path / "lib", "", ("a.regime",))
    (lib / "link").symlink_to(outside)
    assert [j.path.name for j in load_project(lib, {}).jobs] == ["a.regime"]


# -- every diagnostic at its line and column -----------------------------------------

CASES = [
    # (clausegen.toml, code, line, column, words the message or help must hold)
    ('regimes = ["a.regime"\n', "CG140", 2, 1, "not valid TOML"),
    ('<<<<<<< HEAD\noutput = "a"\n=======\noutput = "b"\n>>>>>>> x\n', "CG140", 1, 1, "merge conflict"),
    ('output = "build"\noutptu = "site"\n', "CG141", 2, 1, "did you mean `output`?"),
    ('kinds = ["schedule"]\n', "CG141", 1, 1, "did you mean `documents`?"),
    ('[regime."contracts/acme.regime"]\nlayout = "{stem}"\n', "CG141", 2, 1, "setting of the whole library"),
    ('draft = "yes"\n', "CG142", 1, 9, "true or false"),
    ("formats = 3\n", "CG142", 1, 11, "a list of texts"),
    ('formats = ["docx", 7]\n', "CG142", 1, 20, "item 2"),
    ('notified = "2026-02-30"\n', "CG142", 1, 12, "YYYY-MM-DD"),
    ('[regime."contracts/acme.regime"]\nformats = ["docx", "pfd"]\n', "CG143", 2, 20, "did you mean `pdf`?"),
    ('documents = ["handbok"]\n', "CG143", 1, 14, "did you mean `handbook`?"),
    ("formats = []\n", "CG143", 1, 11, "nothing would be built"),
    ('regimes = ["contracts/*.regime", "../other/*.regime"]\n', "CG144", 1, 34, "leaves the library"),
    ('regimes = ["/etc/*.regime"]\n', "CG144", 1, 12, "relative"),
    ('[regime."../x.regime"]\ndraft = true\n', "CG144", 1, 1, "leaves the library"),
    ('regimes = ["contracts**/*.regime"]\n', "CG144", 1, 12, "** stands alone"),
    ('regimes = ["contracts\\\\*.regime"]\n', "CG144", 1, 12, "backslash"),
    ('[regimes."contracts/acme.regime"]\ndraft = true\n', "CG142", 1, 1, "regime, not regimes"),
    ('regimes = ["contracts/*.regime", "contract/*.regime"]\n', "CG145", 1, 34, "matches no regime"),
    ('[regime."contracts/acme.regim"]\ndraft = true\n', "CG145", 1, 1, "matches no regime"),
    ('regimes = ["nothing/*.regime"]\n', "CG146", 1, 11, "no regime files"),
    ("regimes = []\n", "CG146", 1, 11, "is empty"),
    ('output = "."\n', "CG147", 1, 10, "the library's folder itself"),
    ('output = "../site"\n', "CG147", 1, 10, "leaves the library"),
    ('layout = "{name}"\n', "CG147", 1, 10, "does not fill in"),
    ('regimes = ["contracts/*.regime"]\noutput = "contracts"\n', "CG147", 2, 10, "inside the output folder"),
    ('layout = "docs"\n', "CG147", 1, 10, "has no {stem}"),
    ('clauses = ["house-clauses"]\n', "CG148", 1, 12, "is not a folder"),
    ('reference-docx = "style.docx"\n', "CG148", 1, 18, "does not exist"),
    ('fonts = ["fonts"]\n', "CG148", 1, 10, "does not exist"),
    ('reference-docx = "contracts/acme.regime"\n', "CG148", 1, 18, "not a Word document"),
    ('regimes = ["**/*.regime"]\n', "CG149", 1, 11, 'layout = "{dir}/{stem}"'),
    ('regimes = ["**/*.regime"]\nlayout = "{stem}"\n', "CG149", 2, 10, "would both write into"),
]


@pytest.mark.parametrize("toml, code, line, column, words", CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_every_mistake_is_reported_at_its_line_and_column(tmp_path, toml, code, line, column, words):
    regimes = ("contracts/acme.regime", "other/Acme.regime") if code == "CG149" else ("contracts/acme.regime",)
    lib = _library(tmp_path, toml, regimes)
    if code == "CG145":
        diags = list(load_project(lib, {}).warnings)
        assert all(d.severity is Severity.WARNING for d in diags)
    else:
        diags = _errors(lib)
    assert [_where(d) for d in diags] == [(code, line, column)]
    d = diags[0]
    assert d.span.file == str(lib / "clausegen.toml") and d.help
    assert words in d.message + " " + d.help


def test_every_mistake_of_a_file_is_reported_in_one_pass(tmp_path):
    toml = 'outptu = "x"\nformats = ["pfd"]\ndraft = 1\n[regime."a.regime"]\ncolour = "red"\n'
    lib = _library(tmp_path, toml)
    assert [_where(d) for d in _errors(lib)] == [("CG141", 1, 1), ("CG143", 2, 12), ("CG142", 3, 9), ("CG141", 5, 1)]


def test_a_file_that_is_not_utf8(tmp_path):
    lib = _library(tmp_path, None)
    (lib / "clausegen.toml").write_bytes(b'output = "b\xe9"\n')
    assert [_where(d) for d in _errors(lib)] == [("CG140", 1, 12)]


def test_an_unreadable_clausegen_toml_is_an_os_error(tmp_path):
    lib = _library(tmp_path, None)
    (lib / "clausegen.toml").mkdir()  # not a file: then the folder has no clausegen.toml
    assert load_project(lib, {}).config_file is None


INVALID_FIXTURES = sorted(INVALID.glob("*/clausegen.toml"))


def test_there_are_invalid_fixtures():
    assert len(INVALID_FIXTURES) >= 5


@pytest.mark.parametrize("path", INVALID_FIXTURES, ids=[p.parent.name for p in INVALID_FIXTURES])
def test_invalid_fixtures_raise_the_code_their_first_line_names(path, tmp_path):
    """Each fixture library's clausegen.toml starts with `# CGnnn line:column`."""
    m = re.match(r"# (CG\d{3}) (\d+):(\d+)", path.read_text(encoding="utf-8"))
    assert m, f"{path}: the first line must be `# CGnnn line:column`"
    lib = tmp_path / path.parent.name
    shutil.copytree(path.parent, lib)
    try:
        diags = list(load_project(lib, {}).warnings)
    except CompileError as exc:
        diags = exc.diagnostics
    assert (m.group(1), int(m.group(2)), int(m.group(3))) in [_where(d) for d in diags]


def test_every_code_is_documented():
    import inspect

    doc = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    from clausegen.project import layout, settings

    # the codes are raised where the file is read (settings) and the library laid out (layout)
    codes = set(re.findall(r'"(CG\d{3})"', inspect.getsource(settings) + inspect.getsource(layout)))
    assert codes == {f"CG{n}" for n in range(140, 150)}
    assert sorted(c for c in codes if f"| {c} |" not in doc) == []


# -- shards --------------------------------------------------------------------------


def _jobs(names) -> list[RegimeJob]:
    return [RegimeJob(Path(n), Path("build") / n, KINDS, ("md",), (), (), None, (), False) for n in names]


@settings(max_examples=200, deadline=None)
@given(
    names=st.lists(st.from_regex(r"[a-c]{1,3}(/[a-c]{1,2})?\.regime", fullmatch=True), unique=True, max_size=40),
    count=st.integers(min_value=1, max_value=12),
    order=st.randoms(use_true_random=False),
)
def test_shards_hold_each_job_once_and_differ_by_at_most_one(names, count, order):
    jobs = _jobs(names)
    shares = [shard(jobs, i, count) for i in range(1, count + 1)]
    together = [job.path for share in shares for job in share]
    assert sorted(together) == sorted(Path(n) for n in names) and len(together) == len(set(together))
    sizes = [len(s) for s in shares]
    assert max(sizes) - min(sizes) <= 1
    # independent of the order the jobs come in (the file system's order)
    shuffled = list(jobs)
    order.shuffle(shuffled)
    assert [shard(shuffled, i, count) for i in range(1, count + 1)] == shares


def test_a_shard_is_stable_and_sorted_by_path():
    jobs = _jobs(["d.regime", "a.regime", "c.regime", "b.regime", "e.regime"])
    assert [j.path.name for j in shard(jobs, 1, 2)] == ["a.regime", "c.regime", "e.regime"]
    assert [j.path.name for j in shard(jobs, 2, 2)] == ["b.regime", "d.regime"]
    assert shard(jobs, 1, 1) == tuple(sorted(jobs, key=lambda j: j.path.as_posix()))


@pytest.mark.parametrize("index, count", [(0, 3), (4, 3), (1, 0), (-1, 2), (1, -2)])
def test_an_impossible_shard_is_a_usage_problem(index, count):
    with pytest.raises(ValueError, match=r"--shard"):
        shard(_jobs(["a.regime"]), index, count)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1/3", (1, 3)),
        (" 3 / 3 ", (3, 3)),
        ("0/3", None),
        ("4/3", None),
        ("1/0", None),
        ("1", None),
        ("a/b", None),
        ("", None),
        ("-1/3", None),
    ],
)
def test_parse_shard(text, expected):
    if expected is None:
        with pytest.raises(ValueError, match=r"--shard"):
            parse_shard(text)
    else:
        assert parse_shard(text) == expected


# -- pre-commit hooks ----------------------------------------------------------------

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
# The keys pre-commit's manifest schema knows (pre_commit/clientlib.py, MANIFEST_HOOK_DICT).
HOOK_KEYS = {
    "id",
    "name",
    "entry",
    "language",
    "alias",
    "files",
    "exclude",
    "types",
    "types_or",
    "exclude_types",
    "additional_dependencies",
    "args",
    "always_run",
    "fail_fast",
    "pass_filenames",
    "description",
    "language_version",
    "log_file",
    "require_serial",
    "stages",
    "verbose",
    "minimum_pre_commit_version",
}


def _hooks() -> list[dict]:
    """The manifest read without a YAML library: a list of flat `key: value` mappings."""
    hooks: list[dict] = []
    for raw in HOOKS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        m = re.fullmatch(r"(- |  )([a-z_]+): (.+)", line)
        assert m, f"not a flat `key: value` line of a hook: {raw!r}"
        if m.group(1) == "- ":
            hooks.append({})
        value = m.group(3)
        assert m.group(2) not in hooks[-1], f"{m.group(2)} twice"
        hooks[-1][m.group(2)] = {"true": True, "false": False}.get(value, value)
    return hooks


def test_the_pre_commit_manifest_has_its_hooks():
    hooks = {h["id"]: h for h in _hooks()}
    assert set(hooks) == {"clausegen-check", "clausegen-build-check", "clausegen-fmt"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook) <= HOOK_KEYS
        assert hook["language"] == "python"  # pre-commit installs clausegen from this repository
    check, build = hooks["clausegen-check"], hooks["clausegen-build-check"]
    assert check["entry"] == "clausegen check" and re.search(check["files"], "contracts/acme.regime")
    assert not re.search(check["files"], "contracts/acme.regime.lock") and not re.search(check["files"], "README.md")
    assert build["entry"] == "clausegen build --check"
    assert build["pass_filenames"] is False and build["require_serial"] is True
    assert hooks["clausegen-fmt"]["entry"] == "clausegen fmt" and hooks["clausegen-fmt"]["files"] == check["files"]


def test_the_pre_commit_manifest_passes_pre_commits_own_schema():
    clientlib = pytest.importorskip("pre_commit.clientlib")  # not a dependency: checked where installed
    loaded = clientlib.load_manifest(str(HOOKS_FILE))
    assert [h["id"] for h in loaded] == [h["id"] for h in _hooks()]


def test_each_hook_runs_a_real_clausegen_command():
    import click

    from clausegen.cli import main

    for hook in _hooks():
        program, command, *options = hook["entry"].split()
        assert program == "clausegen"  # the [project.scripts] name
        assert command in main.commands, f"{hook['id']}: no command {command}"
        known = {
            opt for param in main.commands[command].params if isinstance(param, click.Option) for opt in param.opts
        }
        missing = [o for o in options if o not in known]
        if missing and command == "build" and missing == ["--check"]:
            pytest.xfail("build --check is wired into the CLI with the rest of issue 11")
        assert missing == [], f"{hook['id']}: {command} has no option {missing}"


# -- the docs ------------------------------------------------------------------------


def test_the_full_example_of_library_md_loads(tmp_path):
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    toml = re.search(r"## A full example\n\n```toml\n(.*?)```", text, re.S).group(1)
    lib = _library(
        tmp_path, toml, ("contracts/acme.regime", "contracts/de/berlin.regime", "templates-of-contract/short.regime")
    )
    for d in ("house/clauses", "house/templates", "house/fonts"):
        (lib / d).mkdir(parents=True)
    import docx

    docx.Document().save(lib / "house/style.docx")
    project = load_project(lib, {})
    assert project.warnings == ()
    acme, berlin, short = project.jobs
    assert (acme.formats, acme.draft) == (("docx",), True)
    assert berlin.out_dir == lib / "build" / "contracts" / "de" / "berlin" and "settlement" in berlin.kinds
    assert short.kinds == ("schedule", "handbook", "notice") and short.formats == ("docx", "pdf", "html")
    # every key of the reference table is a key the file may have
    keys = set(re.findall(r"^\| `([a-z-]+)` \|", text, re.M))
    assert keys == set(config._REGIME_KEYS) | {"regimes", "output", "layout", "cache"}


def test_ci_md_shards_cover_the_matrix_and_name_real_hooks():
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    matrix = re.search(r"shard: \[([\d, ]+)\]", text).group(1)
    shards = [int(s) for s in matrix.split(",")]
    n = int(re.search(r"--shard \$\{\{ matrix.shard \}\}/(\d+)", text).group(1))
    assert shards == list(range(1, n + 1))
    assert "--shard $CI_NODE_INDEX/$CI_NODE_TOTAL" in text and "parallel: 4" in text
    assert text.count("path: .clausegen-cache") == 2 and "- .clausegen-cache/" in text  # the cache is shared
    assert "clausegen build --check" in text
    config_sample = re.search(r"```yaml\nrepos:\n(.*?)```", text, re.S).group(1)
    assert set(re.findall(r"- id: ([\w-]+)", config_sample)) == {h["id"] for h in _hooks()}


def test_positions_survive_comments_multiline_values_and_inline_tables():
    from clausegen.project.tomlpos import scan

    text = '''# a comment with [brackets] and "quotes"
regimes = [  # a list over lines
  "a/*.regime",  # ]
  'b/*.regime',
]
note = """a text over
lines with [ and { and \\""" inside"""
inline = { formats = ["md"], draft = true }
[regime . "c/x y.regime"]   # spaces around the dot
formats = ["docx", "pfd"]
'''
    import tomllib

    tomllib.loads(text)  # the scanner only ever sees what tomllib accepted
    pos = scan(text)
    assert pos.key(("regimes",)) == (2, 1, 7)
    assert pos.elements[("regimes",)] == [(3, 3, 12), (4, 3, 12)]
    assert pos.key(("note",))[:2] == (6, 1) and pos.key(("inline",))[:2] == (8, 1)
    assert pos.key(("inline", "formats"))[:2] == (8, 1)  # inside an inline table: its key's line
    assert pos.key(("regime", "c/x y.regime", "formats"))[:2] == (10, 1)
    assert pos.element(("regime", "c/x y.regime", "formats"), 1) == (10, 20, 5)
    assert pos.key(("nowhere",)) == (1, 1, 1)


FRAGMENTS = [
    'regimes = ["contracts/*.regime"]',
    'regimes = ["**"]',
    "regimes = [1]",
    "regimes = {}",
    "regimes = []",
    'output = "build"',
    'output = "."',
    "output = 3",
    'layout = "{dir}/{stem}"',
    'layout = "{"',
    'layout = "{stem}/.."',
    'formats = ["docx"]',
    'formats = "md"',
    'documents = ["all"]',
    "documents = [[]]",
    "draft = true",
    "draft = 2",
    "notified = 2026-01-01",
    "notified = 2026-01-01T10:00:00",
    'notified = "x"',
    'clauses = ["."]',
    'fonts = "contracts"',
    'reference-docx = "contracts/acme.regime"',
    'cache = "~/x"',
    "cache = []",
    '[regime."contracts/acme.regime"]',
    '[regime."*"]',
    '[regime."/x"]',
    "[regime]",
    "regime = 1",
    '[regime."a".b]',
    'regime."contracts/*.regime".formats = ["pdf"]',
    "[other]",
    "x = { y = [1, { z = 2 }] }",
    '"" = 1',
    "é = 1",
    '"""',
    "[",
    "= 1",
    "a.b.c = 1",
    "[[regime]]",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8))
def test_any_clausegen_toml_gives_a_project_or_diagnostics(tmp_path_factory, lines):
    lib = _library(tmp_path_factory.mktemp("lib"), "\n".join(lines) + "\n")
    try:
        project = load_project(lib, {})
        assert project.jobs  # a library that loads has at least one regime
    except CompileError as exc:
        assert exc.diagnostics and all(d.span.line >= 1 and d.span.column >= 1 and d.help for d in exc.diagnostics)
        assert all(d.code in {f"CG{n}" for n in range(140, 150)} for d in exc.diagnostics)
