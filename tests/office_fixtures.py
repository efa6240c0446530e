"""Build small Word, OpenDocument and PDF files in code for the reader tests.

Sentences are in the register of a policy report; they only name terms.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def body_xml(document, xml: str) -> None:
    """Append a raw <w:p>/<w:tbl> (written without namespace declarations) to the body."""
    from docx.oxml.parser import parse_xml

    element = parse_xml(re.sub(r"^<(w:\w+)", lambda m: f"<{m.group(1)} {NS}", xml, count=1))
    body = document.element.body
    body.insert(len(body) - 1, element)


def run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def add_notes(path: Path, kind: str, texts: list[str]) -> None:
    """Add word/footnotes.xml or word/endnotes.xml (kind = 'footnote' or 'endnote')."""
    notes = "".join(f'<w:{kind} w:id="{i}"><w:p>{run(t)}</w:p></w:{kind}>' for i, t in enumerate(texts, 1))
    separator = f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s {NS}>{separator}{notes}</w:{kind}s>'
    add_part(path, f"word/{kind}s.xml", xml, REL + f"{kind}s", CT + f"{kind}s+xml")


def add_part(path: Path, name: str, xml: str, reltype: str, content_type: str) -> None:
    """Rewrite the .docx at `path` with one more part related from the main document."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode())
            elif item.filename == "word/_rels/document.xml.rels":
                rid = f"rIdLx{len(re.findall(rb'<Relationship ', data))}"
                target = name.split("/", 1)[1]
                data = data.replace(
                    b"</Relationships>", f'<Relationship Id="{rid}" Type="{reltype}" Target="{target}"/></Relationships>'.encode()
                )
            dst.writestr(item, data)
        dst.writestr(name, xml)
    shutil.move(tmp, path)


def replace_member(path: Path, name: str, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == name else src.read(item))
    shutil.move(tmp, path)


def simple_docx(path: Path, *paragraphs: str) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def pdf(path: Path, pages: list[list[str]], header: str | None = None, footer: bool = False, **options) -> Path:
    """A PDF with one line of text per item, a running header and 'Page N of M' footers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, **options)
    for number, lines in enumerate(pages, 1):
        if header:
            c.drawString(72, 800, header)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 16 * i, line)
        if footer:
            c.drawString(72, 40, f"Page {number} of {len(pages)}")
        c.showPage()
    c.save()
    return path


def odt(path: Path, body: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
    return path
