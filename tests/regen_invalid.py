"""Regenerate examples/invalid/*.expected from the current diagnostics.

Not a test. Run it from anywhere after changing a diagnostic on purpose:

    python tests/regen_invalid.py            # rewrite every .expected file
    python tests/regen_invalid.py 07 stray   # only files whose name contains 07 or stray
    python tests/regen_invalid.py --check    # report stale files, write nothing (exit 1 if any)

Each .expected file holds the exact stderr of

    clausegen check examples/invalid/NN-name.regime

run from the repository root (so the path in the diagnostics is relative),
followed by a last line `exit: N`. The CLI runs in-process, exactly as
tests/test_invalid_examples.py runs it. Read the diff before committing: a
changed .expected file is a changed message a drafter will see.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "examples" / "invalid"


def run_check(path: Path) -> str:
    """The stderr of `clausegen check <relative path>` plus `exit: N`."""
    from clausegen.cli import main

    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()  # click >= 8.2 keeps stderr apart by default
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = runner.invoke(main, ["check", path.relative_to(ROOT).as_posix()])
    finally:
        os.chdir(cwd)
    return f"{result.stderr}exit: {result.exit_code}\n"


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    filters = [a for a in argv if not a.startswith("--")]
    stale = 0
    for regime in sorted(INVALID.glob("*.regime")):
        if filters and not any(f in regime.name for f in filters):
            continue
        expected = regime.with_suffix(".expected")
        text = run_check(regime)
        old = expected.read_text(encoding="utf-8") if expected.exists() else None
        if text == old:
            continue
        stale += 1
        print(f"{'stale' if check_only else 'wrote'}: {expected.relative_to(ROOT)}")
        if not check_only:
            expected.write_text(text, encoding="utf-8", newline="\n")
    for expected in sorted(INVALID.glob("*.expected")):
        if not expected.with_suffix(".regime").exists():
            print(f"orphan (no .regime): {expected.relative_to(ROOT)}")
    print(f"{stale} file{'s' if stale != 1 else ''} {'stale' if check_only else 'updated'}")
    return 1 if (check_only and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
