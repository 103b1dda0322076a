"""Reading speed per format, on one core: PDF pages/s (text only, and ruled tables), .docx and
web pages documents/s, and the whole corpus extracted from .docx against the same from .txt.

The inputs are made from the bundled samples (tests/support/formats.py; PDFs printed by
LibreOffice). Targets: >= 50 pages/s for PDF text, >= 20 pages/s for PDF tables, and the corpus
from .docx no slower than 2x the .txt.

    .venv/bin/python bench/formats.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.loaders.pipeline import extract_file  # noqa: E402
from policykg.loaders.readers import read_file  # noqa: E402
from tests.support.formats import convert, write_docx, write_portal_html  # noqa: E402

CORPUS = ROOT / "data" / "corpus" / "chongqing"
TABLE_SAMPLE = "yongchuan_2022_green_lowcarbon_task_list.txt"


def timed(work: Callable[[], object], rounds: int) -> float:
    """Best wall time of ``rounds`` runs (one core, nothing else in this process)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(pdf))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="runs per figure; the best is kept")
    args = parser.parse_args()
    samples = sorted(CORPUS.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docx = [write_docx(s.read_text(encoding="utf-8"), folder / f"{s.stem}.docx") for s in samples]
        (folder / "plain").mkdir()
        # PDFs printed from Word files with the numbers typed (LibreOffice renumbers some lists)
        plain = {
            s.name: write_docx(s.read_text(encoding="utf-8"), folder / "plain" / f"{s.stem}.docx", False)
            for s in samples
        }
        pdfs = {name: convert(path, "pdf", folder / "pdf") for name, path in plain.items()}
        html = [
            write_portal_html(s.read_text(encoding="utf-8"), folder / f"{s.stem}.html", {})
            for s in samples
        ]
        extract_file(samples[0])  # warm-up: jieba's dictionary and OpenCC load on first use
        text_pdfs = [p for name, p in pdfs.items() if name != TABLE_SAMPLE]
        table_pdf = pdfs[TABLE_SAMPLE]

        text_pages = sum(pages(p) for p in text_pdfs)
        seconds = timed(lambda: [read_file(p) for p in text_pdfs], args.rounds)
        print(f"PDF text:    {text_pages} pages in {seconds:.3f} s = "
              f"{text_pages / seconds:.0f} pages/s per core (target >= 50)")  # fmt: skip
        table_pages = pages(table_pdf)
        seconds = timed(lambda: read_file(table_pdf), args.rounds)
        print(f"PDF tables:  {table_pages} pages in {seconds:.3f} s = "
              f"{table_pages / seconds:.0f} pages/s per core (target >= 20)")  # fmt: skip
        seconds = timed(lambda: [read_file(p) for p in docx], args.rounds)
        print(f".docx read:  {len(docx)} documents in {seconds:.3f} s = {len(docx) / seconds:.0f} documents/s")
        seconds = timed(lambda: [read_file(p) for p in html], args.rounds)
        print(f"HTML read:   {len(html)} documents in {seconds:.3f} s = {len(html) / seconds:.0f} documents/s")
        txt_seconds = timed(lambda: [extract_file(p) for p in samples], args.rounds)
        docx_seconds = timed(lambda: [extract_file(p) for p in docx], args.rounds)
        print(f"corpus extract: .txt {txt_seconds:.3f} s, .docx {docx_seconds:.3f} s, "
              f"ratio {docx_seconds / txt_seconds:.2f}x (target <= 2x)")  # fmt: skip
        pdf_seconds = timed(lambda: [extract_file(p) for p in pdfs.values()], args.rounds)
        print(f"corpus extract: .pdf {pdf_seconds:.3f} s, ratio {pdf_seconds / txt_seconds:.2f}x")


if __name__ == "__main__":
    main()
