"""Readers: each format read back gives the bundled revision text, whitespace aside.

The inputs are made here from the bundled texts (scripts/sample_inputs.py): an In Focus-like
two-column PDF with running header, footer and hyphenated line ends; a CRS-like HTML page;
a <del>/<ins> comparison page from the bundled annotated comparison.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb.ingest.readers import ReadError, read_revision
from kb.ingest.readers.compare import read_compare
from kb.ingest.readers.revision import normalise_text
from kb.store.paths import seeds_dir
from scripts.sample_inputs import make_compare_html, make_html, make_pdf

FOLDER = seeds_dir() / "reports" / "IF10578"
VERSIONS = ["2024-10-01", "2025-08-14"]


def bundled(version: str) -> str:
    return (FOLDER / f"{version}.txt").read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("samples")
    made = {}
    for version in VERSIONS:
        made[(version, "pdf")] = make_pdf(bundled(version), out / f"{version}.pdf", "IF10578")
        made[(version, "html")] = make_html(bundled(version), out / f"{version}.html", "IF10578")
    return made


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("fmt", ["txt", "pdf", "html"])
def test_reading_gives_back_the_bundled_text(
    samples: dict[tuple[str, str], Path], version: str, fmt: str
) -> None:
    path = FOLDER / f"{version}.txt" if fmt == "txt" else samples[(version, fmt)]
    revision = read_revision(path)
    assert squeeze(revision.text) == squeeze(bundled(version))
    # paragraphs too: a column or page break mid-paragraph does not split it
    assert revision.text == normalise_text(bundled(version))
    assert revision.date == dt.date.fromisoformat(version)
    assert revision.product == "IF10578"  # not IF10400, which the text cites
    assert revision.source_format == fmt


def test_pdf_has_what_the_reader_must_undo(samples: dict[tuple[str, str], Path]) -> None:
    """The generated PDF really has two columns, header, footer and hyphenated line ends."""
    import pdfplumber

    with pdfplumber.open(samples[("2025-08-14", "pdf")]) as pdf:
        assert len(pdf.pages) >= 2
        raw = "\n".join(page.extract_text() for page in pdf.pages)
        lefts = {round(w["x0"]) for w in pdf.pages[0].extract_words()}
    assert raw.count("crsreports.congress.gov") == len(pdf.pages)
    assert "IF10578 · 2" in raw
    assert any(line.endswith("-") and line[-2].isalpha() for line in raw.split("\n"))
    assert min(lefts) < 100 and any(x > 300 for x in lefts)  # a second column
    text = read_revision(samples[("2025-08-14", "pdf")]).text
    assert "crsreports.congress.gov" not in text
    assert "IF10578 · " not in text


def test_titles(samples: dict[tuple[str, str], Path]) -> None:
    for fmt in ("pdf", "html"):
        assert read_revision(samples[("2025-08-14", fmt)]).title == (
            "Evolution of U.S.-Mexico Security Cooperation"
        )
    assert read_revision(FOLDER / "2024-10-01.txt").title == (
        "U.S.-Mexico Security Cooperation: From the Mérida Initiative to the Bicentennial Framework"
    )


def test_html_drops_navigation_scripts_and_styles(samples: dict[tuple[str, str], Path]) -> None:
    page = samples[("2025-08-14", "html")].read_text(encoding="utf-8")
    assert "<script>" in page and "<nav>" in page and "<style>" in page
    text = read_revision(samples[("2025-08-14", "html")]).text
    for chrome in ("EveryCRSReport.com", "Download PDF", "window.analytics", "font-family"):
        assert chrome not in text


def test_comparison_page_gives_both_revisions(tmp_path: Path) -> None:
    annotated = (FOLDER / "compare-2024-10-01_2025-08-14.annotated.txt").read_text("utf-8")
    page = make_compare_html(annotated, tmp_path / "compare.html", "IF10578")
    assert "<del>" in page.read_text("utf-8") and "<ins>" in page.read_text("utf-8")
    old, new = read_compare(page)
    assert squeeze(old.text) == squeeze(bundled("2024-10-01"))
    assert squeeze(new.text) == squeeze(bundled("2025-08-14"))
    assert (old.date, new.date) == (dt.date(2024, 10, 1), dt.date(2025, 8, 14))
    assert "Back to Current Version" not in old.text + new.text


def test_paragraphs_survive_in_text_and_pdf(samples: dict[tuple[str, str], Path]) -> None:
    """Headings stay their own paragraphs (the drafter segments within paragraphs)."""
    for path in (FOLDER / "2025-08-14.txt", samples[("2025-08-14", "pdf")]):
        paragraphs = read_revision(path).text.split("\n\n")
        assert "The Mérida Initiative" in paragraphs
        assert "Congressional Action" in paragraphs


# --- bad input: each names the file -------------------------------------------------


def test_empty_files(tmp_path: Path) -> None:
    for name in ("empty.txt", "empty.html", "empty.pdf"):
        path = tmp_path / name
        path.write_bytes(b"")
        with pytest.raises(ReadError, match="empty") as info:
            read_revision(path)
        assert str(path) in str(info.value)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Updated August 14, 2025\n\nM\xe9rida".encode("latin-1"))
    with pytest.raises(ReadError, match="not UTF-8") as info:
        read_revision(path)
    assert str(path) in str(info.value)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.rect(72, 72, 300, 500, fill=1)  # a "scanned" page: marks, no text
    canvas.showPage()
    canvas.save()
    with pytest.raises(ReadError, match="no text layer; kb does not OCR") as info:
        read_revision(path)
    assert str(path) in str(info.value)


def test_html_without_report_body(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text("<html><body><nav>Home</nav><p>Search reports</p></body></html>", "utf-8")
    with pytest.raises(ReadError, match="no report body") as info:
        read_revision(path)
    assert str(path) in str(info.value)


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("this is not a PDF", "utf-8")
    with pytest.raises(ReadError, match="not a readable PDF"):
        read_revision(path)
