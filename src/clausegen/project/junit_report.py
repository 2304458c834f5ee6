"""The `--junit FILE.xml` of a library build, for the test panes of GitLab, GitHub and Jenkins."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity, summary
from .wording import all_diagnostics, is_check, problem_lines, rendered_diagnostics, result_line, shown_path

if TYPE_CHECKING:
    from .results import RegimeResult


# Characters XML 1.0 cannot hold at all, even escaped (most C0 controls, lone
# surrogates, U+FFFE/FFFF): a drafter's pasted control character must not
# make the whole report unreadable, so they are shown as visible symbols.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    def picture(m: re.Match[str]) -> str:
        o = ord(m.group())
        return chr(0x2400 + o) if o < 0x20 else "\ufffd"

    return _NOT_XML.sub(picture, text)


def _failure_message(result: RegimeResult) -> str:
    if result.status == "stale":
        return result_line(result, timed=False)
    first = next((d for d in all_diagnostics(result) if d.severity is Severity.ERROR), None)
    head = summary(len(result.errors), len(result.warnings))
    return f"{head}: {first.message}" if first else head


def to_junit(results: Sequence[RegimeResult], check: bool | None = None) -> str:
    """The `--junit FILE.xml` text: one <testcase> per regime in one <testsuite name="clausegen">.

    A failed regime (or, with --check, a stale one) has a <failure> whose
    message is its first error and whose text is every diagnostic as
    `check` renders it; warnings go to <system-out>. ElementTree escapes
    `<`, `&`, quotes and `]]>`; characters XML cannot hold are made visible.
    `check` as for to_json.
    """
    if check is None:
        check = is_check(results)
    classname = "clausegen.check" if check else "clausegen.build"
    failures = sum(r.status in ("failed", "stale") for r in results)
    total_time = f"{sum(max(0.0, r.seconds) for r in results):.3f}"
    root = ET.Element(
        "testsuites",
        {"name": "clausegen", "tests": str(len(results)), "failures": str(failures), "errors": "0", "time": total_time},
    )
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": "clausegen",
            "tests": str(len(results)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": total_time,
        },
    )
    for r in results:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": classname, "name": _xml_text(shown_path(r.path)), "time": f"{max(0.0, r.seconds):.3f}"},
        )
        if r.status in ("failed", "stale"):
            body = []
            if r.status == "stale":
                body += problem_lines(r)
            if r.errors:
                body.append(rendered_diagnostics(sorted(r.errors, key=Diagnostic.sort_key)))
            failure = ET.SubElement(case, "failure", {"message": _xml_text(_failure_message(r)), "type": r.status})
            failure.text = _xml_text("\n".join(body))
        out = [f"{shown_path(p)} sha256:{sha}" for p, sha in r.outputs]
        if r.warnings:
            out.append(rendered_diagnostics(sorted(r.warnings, key=Diagnostic.sort_key)))
        if out:
            ET.SubElement(case, "system-out").text = _xml_text("\n".join(out))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
