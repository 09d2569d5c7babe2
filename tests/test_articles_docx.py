"""Word articles (.docx): hyperlinks, HYPERLINK fields, footnotes, tracked changes; lines are paragraphs."""

import io
import zipfile
from xml.sax.saxutils import escape

import pytest

from citecheck.articles import read_document
from citecheck.errors import InputError
from tests.conftest import ROOT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def run(text):
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def hyperlink(rid, text):
    return f'<w:hyperlink r:id="{rid}">{run(text)}</w:hyperlink>'


def field_link(url, text):
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{url}" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run(text) +
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def footnote_ref(n):
    return f'<w:r><w:footnoteReference w:id="{n}"/></w:r>'


def build_docx(paragraphs, links=None, footnotes=None):
    """A minimal .docx package, written the way Word stores it: paragraphs are <w:p> contents."""
    links = links or {}
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/>'
          + ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.footnotes+xml"/>' if footnotes else '') + '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for rid, url in links.items():
        doc_rels.append(f'<Relationship Id="{rid}" Type="{REL}/hyperlink" Target="{escape(url)}" '
                        'TargetMode="External"/>')
    if footnotes:
        doc_rels.append(f'<Relationship Id="rIdFn" Type="{REL}/footnotes" Target="footnotes.xml"/>')
    doc_rels.append('</Relationships>')
    body = "".join(p if p.startswith("<w:p>") or p.startswith("<w:tbl>") else f"<w:p>{p}</w:p>" for p in paragraphs)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", "".join(doc_rels))
        if footnotes:
            notes = "".join(f'<w:footnote w:id="{fid}"><w:p>{run(text)}</w:p></w:footnote>'
                            for fid, text in footnotes.items())
            z.writestr("word/footnotes.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                       f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">{notes}</w:footnotes>')
    return buf.getvalue()


def write(tmp_path, data, name="a.docx"):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def test_hyperlinks_fields_footnotes_and_paragraph_numbers(tmp_path):
    data = build_docx([
        run("Puffin colonies recover"),
        "",
        run("Volunteers counted 4,512 nesting pairs of puffins in 2019, according to ")
        + hyperlink("rId5", "the survey report") + run(". The count was 12% higher than in 2014."),
        run("Seabird numbers fell by 38% between 1986 and 2019.") + footnote_ref(1) + run(" The fall was steep."),
        run("Kittiwakes are down to 3,500 pairs, ") + field_link("https://example.org/kittiwakes", "the trust says")
        + run("."),
        '<w:tbl><w:tr><w:tc><w:p>' + run("Gannets: 150,000 pairs") + '</w:p></w:tc></w:tr></w:tbl>',
        run("A colony of 250 razorbills has no source at all."),
    ], {"rId5": "https://example.org/survey/2019.pdf"},
        {1: "JNCC, Seabird trends, https://example.org/jncc/seabirds"})
    claims = read_document(write(tmp_path, data)).claims
    assert [(c.line, c.text, c.sources) for c in claims] == [
        (3, "Volunteers counted 4,512 nesting pairs of puffins in 2019, according to the survey report.",
         ("https://example.org/survey/2019.pdf",)),
        (3, "The count was 12% higher than in 2014.", ("https://example.org/survey/2019.pdf",)),
        (4, "Seabird numbers fell by 38% between 1986 and 2019.", ("https://example.org/jncc/seabirds",)),
        (5, "Kittiwakes are down to 3,500 pairs, the trust says.", ("https://example.org/kittiwakes",)),
        (6, "Gannets: 150,000 pairs", ()),
        (7, "A colony of 250 razorbills has no source at all.", ()),
    ]


def test_tracked_changes_and_ignore_comment(tmp_path):
    data = build_docx([
        run("<!-- citecheck: ignore our own estimate -->"),
        run("We expect 50,000 birds by 2030."),
        run("Gulls: 2,000 pairs ") + '<w:del><w:r><w:delText>3,000 pairs</w:delText></w:r></w:del>'
        + '<w:ins><w:r><w:t>in total</w:t></w:r></w:ins>' + run("."),
    ])
    claims = read_document(write(tmp_path, data)).claims
    assert [(c.line, c.text, c.status, c.note) for c in claims] == [
        (2, "We expect 50,000 birds by 2030.", "ignored", "our own estimate"),
        (3, "Gulls: 2,000 pairs in total.", "", ""),
    ]


def test_a_document_written_with_python_docx(tmp_path):
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_heading("Puffins", level=1)
    p = d.add_paragraph("Volunteers counted 4,512 pairs in 2019, ")
    rid = d.part.relate_to("https://example.org/survey", RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "the survey says"
    r.append(t)
    link.append(r)
    p._p.append(link)
    p.add_run(".")
    buf = io.BytesIO()
    d.save(buf)
    [c] = read_document(write(tmp_path, buf.getvalue())).claims
    assert (c.line, c.text, c.sources) == (2, "Volunteers counted 4,512 pairs in 2019, the survey says.",
                                           ("https://example.org/survey",))


@pytest.mark.parametrize("data,message", [
    (b"This is not a zip file at all, just text with 5 words.", "is not a Word .docx file"),
    (b"PK\x03\x04broken zip", "is not a Word .docx file"),
    (b"", "is empty"),
])
def test_bad_docx_is_an_input_error(tmp_path, data, message):
    with pytest.raises(InputError, match=message):
        read_document(write(tmp_path, data))


def test_zip_that_is_not_a_word_document(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hello")
    with pytest.raises(InputError, match="Word .docx"):
        read_document(write(tmp_path, buf.getvalue()))


def test_empty_word_document(tmp_path):
    with pytest.raises(InputError, match="has no article text"):
        read_document(write(tmp_path, build_docx(["", run("   ")])))


def test_old_doc_files_are_refused_with_advice(tmp_path):
    with pytest.raises(InputError, match="save the article as .docx"):
        read_document(write(tmp_path, b"\xd0\xcf\x11\xe0", name="a.doc"))


def test_numbered_references_in_word(tmp_path):
    data = build_docx([
        run("Seals rose by 12% in 2019 [1]. Pups rose by 5% [2]."),
        run("References"),
        run("[1] Survey 2019, https://x.example/1"),
        run("[2] Pup count, ") + hyperlink("rId7", "the count"),
    ], {"rId7": "https://x.example/2"})
    claims = read_document(write(tmp_path, data)).claims
    assert [(c.line, c.text, c.sources) for c in claims] == [
        (1, "Seals rose by 12% in 2019.", ("https://x.example/1",)),
        (1, "Pups rose by 5%.", ("https://x.example/2",)),
    ]


def test_a_part_that_unpacks_past_the_bound_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A zip bomb: a small .docx whose document part unpacks to far more. The bound is checked on the
    sizes the zip declares (zipfile never yields more), so nothing is unpacked; small bounds here."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from hostile_articles import docx_bomb

    from citecheck.articles import docx

    path = tmp_path / "bomb.docx"
    docx_bomb(str(path), 4 << 20)
    assert path.stat().st_size < 64 * 1024
    monkeypatch.setattr(docx, "MAX_XML_PART", 1 << 20)
    with pytest.raises(InputError, match=r"part word/document.xml unpacks to 4,19\d,\d+ bytes, over the 1,048,576"):
        read_document(str(path))
    monkeypatch.setattr(docx, "MAX_XML_PART", 8 << 20)
    monkeypatch.setattr(docx, "MAX_UNPACKED", 2 << 20)
    with pytest.raises(InputError, match=r"unpacks to 4,19\d,\d+ bytes, over the 2,097,152-byte bound"):
        read_document(str(path))
