"""The Word package as bytes: core and app properties, then a reproducible zip.

The same document always gives the same bytes: properties carry no clock
(SOURCE_DATE_EPOCH or the regime's date), and the zip has fixed dates,
attributes, compression and member order.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from .text import WordDocument

APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>clausegen</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def properties(document: WordDocument, title: str, subject: str, draft: bool, epoch: int | None, day: str = "") -> None:
    """Core properties set explicitly, so no clock leaks into the file.

    The date is SOURCE_DATE_EPOCH when given, else the regime's effective
    date (`day`, ISO), else a fixed date.
    """
    if epoch is not None:
        when = datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None)
    elif day:
        when = datetime.fromisoformat(day)
    else:
        when = datetime(2000, 1, 1)
    cp = document.core_properties
    for child in list(cp._element):
        cp._element.remove(child)
    cp.title = _fit(title)
    cp.subject = _fit(subject)
    cp.author = "clausegen"
    cp.last_modified_by = "clausegen"
    cp.revision = 1
    cp.created = when
    cp.modified = when
    if draft:
        cp.content_status = "Draft"
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = APP_XML


PROPERTY_LIMIT = 255  # characters python-docx (and Word's dialog) allow in a core property


def _fit(text: str) -> str:
    """A core property value within the limit: cut with an ellipsis (the body keeps the whole)."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1].rstrip() + "\u2026"


def package_bytes(document: WordDocument) -> bytes:
    """The document's package as a reproducible zip (see zip_entries).

    The members are those python-docx's save writes, with the same bytes (a
    test compares the two), put into our zip directly: saving with
    python-docx and rewriting its zip compressed everything twice.
    """
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = list(package.parts)
    content_types = _ContentTypesItem.from_parts(parts)  # type: ignore[no-untyped-call]  # python-docx's private helper is unannotated
    entries = {"[Content_Types].xml": content_types.blob, "_rels/.rels": package.rels.xml}
    for part in parts:
        entries[part.partname.membername] = part.blob
        if len(part.rels):
            entries[part.partname.rels_uri.membername] = part.rels.xml
    return zip_entries(entries)


def zip_entries(entries: dict[str, bytes]) -> bytes:
    """A zip of these members with fixed dates, attributes, compression and order."""
    first = ["[Content_Types].xml", "_rels/.rels"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, with plain rw-r--r-- permissions
            info.external_attr = 0o644 << 16
            dst.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
