"""Word files of the real examples, read back by other people's software.

- Snapshots of each .docx as normalised XML (document.xml and numbering.xml,
  pretty-printed, attributes sorted, revision ids stripped), never raw bytes:
  a diff shows which paragraph or numbering level changed.
- Every document of every example, read back with python-docx and with
  pandoc: the clause titles are there, and every cross-reference is a REF
  field whose cached text is the number the document model computed.
- LibreOffice (skipped when `soffice` or `pdftotext` is missing) lays out
  the UK schedule: the numbers it prints are Word-style list numbers, and
  the REF fields it recomputes give the same numbers as the model.

tests/test_docx.py checks the writer's XML in detail on a small sample.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import docx as python_docx
import pypandoc
import pytest
from lxml import etree
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from clausegen.docmodel import Clause, Document, Paragraph, Ref, Table, inlines_of, plain_text, walk
from clausegen.kinds import KINDS
from clausegen.writers import writer

from .conftest import EXAMPLES
from .test_documents import document as assembled  # shares its cache of assembled documents

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.regime"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SNAPSHOT_PARTS = ("word/document.xml", "word/numbering.xml")
# attributes that change from save to save in files Word writes (revision-save
# ids, paragraph ids, dates of tracked changes): never part of a snapshot
VOLATILE = re.compile(r"rsid.*|paraId|textId|date")


@cache
def model(stem: str, kind: str) -> Document | None:
    """The document model, or None when the regime has no such document."""
    result = assembled(stem, kind)[1]
    return None if result is None else result.document


@cache
def docx_bytes(stem: str, kind: str) -> bytes:
    return writer("docx")(model(stem, kind), {})


def norm(text: str) -> str:
    """Whitespace collapsed: line wrapping is the renderer's business."""
    return " ".join(text.split())


# -- snapshots as normalised XML ------------------------------------------------------------


def normalise(root):
    """Drop volatile attributes and whitespace-only layout text; sort attributes."""
    for e in root.iter():
        if not isinstance(e.tag, str):  # comments, processing instructions
            continue
        attrs = sorted((k, v) for k, v in e.attrib.items() if not VOLATILE.fullmatch(etree.QName(k).localname))
        e.attrib.clear()
        for k, v in attrs:
            e.set(k, v)
        if len(e) and e.text is not None and not e.text.strip():
            e.text = None  # only between elements: w:t keeps its spaces
        if e.tail is not None and not e.tail.strip():
            e.tail = None
    return root


class DocxXmlExtension(SingleFileSnapshotExtension):
    """A .docx snapshot as the pretty-printed XML of its body and numbering."""

    file_extension = "xml"
    _write_mode = WriteMode.TEXT

    def serialize(self, data, *, exclude=None, include=None, matcher=None) -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            wrapper = etree.Element("docx")
            for name in SNAPSHOT_PARTS:
                part = etree.SubElement(wrapper, "part", name=name)
                part.append(normalise(etree.fromstring(z.read(name))))
        return etree.tostring(wrapper, pretty_print=True, encoding="unicode")


@pytest.mark.parametrize(
    "stem,kind",
    [("uk-public-sector-it", "schedule"), ("uk-public-sector-it", "handbook"), ("acme-globex", "settlement")],
    ids=lambda v: v,
)
def test_docx_xml_snapshot(stem, kind, snapshot):
    assert docx_bytes(stem, kind) == snapshot.use_extension(DocxXmlExtension)


def test_snapshot_normalisation_strips_only_volatile_values():
    xml = (
        f'<w:document xmlns:w="{W[1:-1]}"><w:body>\n  <w:p w:rsidR="00AB" w:rsidRDefault="00CD">'
        '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p>\n'
        '<w:sectPr w:rsidSect="01"><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    out = etree.tostring(normalise(etree.fromstring(xml)), encoding="unicode")
    assert "rsid" not in out
    assert '<w:t xml:space="preserve"> </w:t>' in out  # significant space kept
    assert '<w:pgSz w:h="16838" w:w="11906"/>' in out  # attributes sorted
    assert "\n" not in out


# -- round trip: python-docx and pandoc read every document back -----------------------------


def refs_of(doc: Document) -> list[str]:
    return [i.target for b in walk(doc.blocks) for i in inlines_of(b) if isinstance(i, Ref)]


def titled_clauses(doc: Document) -> list[Clause]:
    return [c for c in walk(doc.blocks) if isinstance(c, Clause) and c.title]


def toc_titles(doc: Document) -> list[str]:
    """The entries the writer types into the contents: sections and their titled clauses."""
    tops = [c for c in doc.blocks if isinstance(c, Clause) and c.title]
    if len(tops) < 2 or not doc.contents:
        return []
    return [t for top in tops for t in [top.title] + [c.title for c in top.children if c.title]]


def ref_fields(body) -> list[tuple[str, str]]:
    """(bookmark, cached result) of every REF field, in document order."""
    out, state, instr, result = [], None, "", ""
    for e in body.iter(W + "fldChar", W + "instrText", W + "t"):
        if e.tag == W + "fldChar":
            kind = e.get(W + "fldCharType")
            if kind == "begin":
                state, instr, result = "instr", "", ""
            elif kind == "separate":
                state = "result"
            elif kind == "end" and state:
                words = instr.split()
                if words and words[0] == "REF":
                    out.append((words[1], result))
                state = None
        elif state == "instr" and e.tag == W + "instrText":
            instr += e.text or ""
        elif state == "result" and e.tag == W + "t":
            result += e.text or ""
    return out


def pandoc_plain(paths: list[Path]) -> list[str]:
    """pandoc's plain-text reading of each .docx, the processes run side by side."""
    exe = pypandoc.get_pandoc_path()
    procs = [
        subprocess.Popen(
            [exe, "-f", "docx", "-t", "plain", "--wrap=none", str(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for p in paths
    ]
    out = []
    for p, proc in zip(paths, procs):
        stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, f"pandoc failed on {p.name}: {stderr.decode()}"
        out.append(stdout.decode("utf-8"))
    return out


def check_python_docx(kind: str, doc: Document, data: bytes) -> None:
    word = python_docx.Document(io.BytesIO(data))
    # titles, in order, each starting a paragraph of the body (the typed TOC entries aside)
    texts = [p.text for p in word.paragraphs if not p.style.name.lower().startswith("toc")]
    position = 0
    for c in titled_clauses(doc):
        while position < len(texts) and not texts[position].startswith(c.title):
            position += 1
        assert position < len(texts), f"{kind}: clause {c.id} ({c.title!r}) is not a paragraph, or is out of order"
        position += 1

    # every reference a REF field to its clause's bookmark, caching the model's number
    body = word.element.body
    fields = ref_fields(body)
    targets = refs_of(doc)
    assert len(fields) == len(targets), f"{kind}: {len(targets)} references, {len(fields)} REF fields"
    marks = {b.get(W + "name"): b.getparent() for b in body.iter(W + "bookmarkStart")}
    by_target: dict[str, str] = {}
    clauses = {c.id: c for c in walk(doc.blocks) if isinstance(c, Clause)}
    for target, (mark, cached) in zip(targets, fields):
        assert cached == doc.numbers[target], (
            f"{kind}: REF to {target} caches {cached!r}, the model says {doc.numbers[target]!r}"
        )
        assert mark in marks, f"{kind}: REF to {target} names a missing bookmark {mark}"
        assert by_target.setdefault(target, mark) == mark, f"{kind}: two bookmarks for {target}"
        if clauses[target].title:
            shown = "".join(t.text or "" for t in marks[mark].iter(W + "t"))
            assert shown.startswith(clauses[target].title), f"{kind}: the bookmark for {target} is on {shown[:60]!r}"
    assert len(set(by_target.values())) == len(by_target), f"{kind}: clauses share a bookmark"


def check_pandoc(kind: str, doc: Document, text: str) -> None:
    text = norm(text)
    # titles in order, in the body: the front matter, then the contents, whose
    # entries are typed text, then the rest
    front, rest = doc.split_front()
    titles = [c.title for c in walk(front) if isinstance(c, Clause) and c.title]
    titles += toc_titles(doc) + [c.title for c in walk(rest) if isinstance(c, Clause) and c.title]
    position = 0
    for title in titles:
        found = text.find(norm(title), position)
        assert found >= 0, f"{kind}: pandoc lost the title {title!r}, or reads it out of order"
        position = found + len(norm(title))
    # every passage holding a reference reads with the model's number (a table cell at a time)
    for b in walk(doc.blocks):
        if isinstance(b, Paragraph):
            passages = [b.inlines]
        elif isinstance(b, Table):
            passages = [cell for row in (b.header, *b.rows) for cell in row]
        else:
            continue
        for inlines in passages:
            if any(isinstance(i, Ref) for i in inlines_of(Paragraph(tuple(inlines)))):
                expected = norm(plain_text(tuple(inlines), doc.numbers))
                assert expected in text, f"{kind}: pandoc does not read {expected[:120]!r}"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_document_reads_back_with_python_docx_and_pandoc(path, tmp_path):
    docs = {kind: doc for kind in KINDS if (doc := model(path.stem, kind)) is not None}
    assert {"schedule", "handbook", "settlement", "notice"} <= set(docs)
    assert sum(len(refs_of(d)) for d in docs.values()) > 0
    files = []
    for kind, doc in docs.items():
        files.append(tmp_path / f"{kind}.docx")
        files[-1].write_bytes(docx_bytes(path.stem, kind))
        check_python_docx(kind, doc, files[-1].read_bytes())
    for (kind, doc), text in zip(docs.items(), pandoc_plain(files)):
        check_pandoc(kind, doc, text)


# -- LibreOffice lays out the schedule ------------------------------------------------------


def lead(c: Clause, numbers: dict[str, str]) -> str:
    """The first words LibreOffice prints after a clause's number."""
    if c.title:
        return c.title
    first = c.blocks[0] if c.blocks else None
    return plain_text(first.inlines, numbers) if isinstance(first, Paragraph) and first.style == "" else ""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_word_numbering_and_recomputed_references(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    stem, kind = "uk-public-sector-it", "schedule"
    doc = model(stem, kind)
    source = tmp_path / f"{kind}.docx"
    source.write_bytes(docx_bytes(stem, kind))
    # a private profile: a LibreOffice the user has open must not take the job
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / f"{kind}.pdf"
    assert pdf.exists(), "LibreOffice wrote no PDF"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=120
    ).stdout.decode("utf-8")

    # the body follows the last contents entry, whose numbers are typed
    # text: leave the contents out
    tops = [c for c in doc.blocks if isinstance(c, Clause)]
    last_entry = toc_titles(doc)[-1]
    running = re.compile(rf"\s*Page \d+ of \d+\s*$|.*{re.escape(doc.meta.title)}.*Version")
    lines = [line for line in text.replace("\f", "\n").splitlines() if line.strip() and not running.match(line)]
    lines = lines[next(k for k, line in enumerate(lines) if last_entry in line) + 1 :]

    # every clause starts a line with the number Word's list gives it, in order:
    # "1." for a section, "1.1", "1.1.1"... below it (LibreOffice counts, not us)
    clauses = [c for c in walk(doc.blocks) if isinstance(c, Clause)]
    assert [c.number for c in clauses[:3]] == ["1", "1.1", "1.1.1"]
    k = 0
    for c in clauses:
        shown = f"{c.number}." if c.level == 1 else c.number
        words = norm(lead(c, doc.numbers))
        words = words[:24].rsplit(" ", 1)[0] if len(words) > 24 else words
        pattern = re.compile(
            rf"\s*{re.escape(shown)}\s+{re.escape(words)}" if words else rf"\s*{re.escape(shown)}(\s|$)"
        )
        while k < len(lines) and not pattern.match(lines[k]):
            k += 1
        assert k < len(lines), f"LibreOffice shows no line {shown} {words!r} (clause {c.id}) in order"
        k += 1
    mediation = next(c for c in tops if c.id.startswith("mediation"))
    assert any(re.match(rf"\s*{mediation.number}\.\s+{re.escape(mediation.title)}\s*$", line) for line in lines), (
        "no mediation section"
    )

    # LibreOffice recomputes REF fields from the bookmarks: each passage reads
    # with the number the model computed, e.g. the definition of Agreement to Mediate
    # a word hyphenated at a line end ("time-" / "barred") is one word in the model
    body = norm(re.sub(r"(?<=[a-z]-)\s+(?=[a-z])", "", "\n".join(lines)))
    definition = next(
        b
        for b in walk(clauses[0].children[0].children)
        if isinstance(b, Paragraph) and any(isinstance(i, Ref) for i in b.inlines)
    )
    target = next(i.target for i in definition.inlines if isinstance(i, Ref))
    expected = norm(plain_text(definition.inlines, doc.numbers))
    assert doc.numbers[target] == next(c.number for c in clauses if c.id == target) and doc.numbers[target] in expected
    assert expected in body, f"LibreOffice renders {expected!r} differently"
    for b in walk(doc.blocks):
        if isinstance(b, Paragraph) and any(isinstance(i, Ref) for i in inlines_of(b)):
            expected = norm(plain_text(b.inlines, doc.numbers))
            assert expected in body, f"LibreOffice renders differently: {expected[:120]!r}"
