"""The PDF reader: text with pypdfium2 (fast), ruled tables with pdfplumber on the pages that
have rulings; tables continued across pages rebuilt as one, a repeated header row dropped.

pypdfium2 (Apache-2.0/BSD) reads text about ten times faster than pdfminer, so pdfplumber (MIT,
on pdfminer) only sees pages drawn with enough lines to hold a table. PyMuPDF is AGPL: not used.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from policykg.loaders.readers.blocks import Element, Paragraph, Reading, Table, render
from policykg.loaders.readers.pdf_layout import (
    Line,
    drop_furniture,
    join_cell,
    merge_lines,
    paragraphs,
    reading_order,
    split_tables,
    text_margins,
)
from policykg.loaders.readers.text import ReadError

MIN_RULINGS = 4  # path objects on a page before it is worth looking for a ruled table


@dataclass(frozen=True)
class PageTable:
    """A ruled table found on one page: where it stands and its rows."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: tuple[tuple[str, ...], ...]


def read(data: bytes, path: Path) -> Reading:
    """Read a PDF's text layer into paragraphs and tables; ReadError for a scan with no text."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"not a readable PDF: {exc}") from None
    pages: list[list[Line]] = []
    sizes: list[tuple[float, float]] = []
    ruled: list[int] = []
    chars = 0
    for number in range(len(document)):
        page = document[number]
        width, height = page.get_size()
        sizes.append((width, height))
        textpage = page.get_textpage()
        chars += textpage.count_chars()
        pieces = []
        for k in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(k)
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\r\n", " ")
            if text.strip():
                pieces.append(Line(text.strip(), left, right, height - top, height - bottom, number))
        pages.append(pieces)
        paths = sum(1 for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH)
        if paths >= MIN_RULINGS:
            ruled.append(number)
    if chars == 0:
        raise ReadError(
            f"a scanned PDF: its {len(pages)} page(s) have no text layer, only images (OCR it first)"
        )
    tables = _tables(data, ruled) if ruled else []
    pages = [
        merge_lines([p for p in page if not any(_inside(p, t) for t in tables)]) for page in pages
    ]
    pages = drop_furniture(pages, [h for _, h in sizes])
    blocks = _blocks(pages, tables, [w for w, _ in sizes])
    return Reading(tuple(blocks), render(blocks), "", "pdf", "pypdfium2+pdfplumber")


def _inside(line: Line, table: PageTable) -> bool:
    middle = (line.top + line.bottom) / 2
    return (
        line.page == table.page
        and table.top <= middle <= table.bottom
        and table.x0 - 2 <= line.x0
        and line.x1 <= table.x1 + 2
    )


def _tables(data: bytes, numbers: list[int]) -> list[PageTable]:
    """Ruled tables on the given pages, merged cells filled from the cell that spans them."""
    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(data), pages=[n + 1 for n in numbers]) as pdf:
        for number, page in zip(numbers, pdf.pages, strict=True):
            for table in page.find_tables():
                rows = _filled(table)
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                    x0, top, x1, bottom = table.bbox
                    found.append(PageTable(number, top, bottom, x0, x1, tuple(rows)))
    return found


def _filled(table) -> list[tuple[str, ...]]:
    """A table's rows with each merged cell's text in every grid slot it covers."""
    texts = table.extract()
    by_box = {}
    for row, row_texts in zip(table.rows, texts, strict=True):
        for box, text in zip(row.cells, row_texts, strict=True):
            if box is not None:
                by_box[box] = join_cell(text or "")
    columns: dict[int, tuple[float, float]] = {}
    for row in table.rows:
        for c, box in enumerate(row.cells):
            if box is not None and c not in columns:
                columns[c] = (box[0], box[2])
    out = []
    for row, row_texts in zip(table.rows, texts, strict=True):
        cells = []
        for c, (box, text) in enumerate(zip(row.cells, row_texts, strict=True)):
            if box is not None:
                cells.append(join_cell(text or ""))
                continue
            x = sum(columns.get(c, (0, 0))) / 2
            y = (row.bbox[1] + row.bbox[3]) / 2
            cover = [b for b in table.cells if b[0] <= x <= b[2] and b[1] <= y <= b[3]]
            cells.append(by_box.get(cover[0], "") if cover else "")
        out.append(tuple(cells))
    return out


def _blocks(pages: list[list[Line]], tables: list[PageTable], widths: list[float]) -> list[Element]:
    """Paragraphs and tables in reading order; a table continued on the next page is one table."""
    margins = text_margins(pages)
    items: list[Line | PageTable] = []
    for number, page in enumerate(pages):
        lines = reading_order(page, widths[number])
        page_tables = sorted((t for t in tables if t.page == number), key=lambda t: t.top)
        for table in page_tables:
            at = next((i for i, line in enumerate(lines) if line.top > table.top), len(lines))
            lines.insert(at, table)  # type: ignore[arg-type]
        items.extend(lines)
    blocks: list[Element] = []
    run: list[Line] = []
    for item in items:
        if isinstance(item, Line):
            run.append(item)
            continue
        blocks.extend(text_blocks(run, margins))
        if not run and blocks and isinstance(blocks[-1], Table) and _continues(blocks[-1], item):
            blocks[-1] = Table(_continued(blocks[-1].rows, item.rows))
        else:
            blocks.append(Table(item.rows))
        run = []
    blocks.extend(text_blocks(run, margins))
    return blocks


def text_blocks(lines: list[Line], margins: dict[int, tuple[float, float]]) -> list[Element]:
    """Paragraphs of running lines, and the unruled tables among them."""
    blocks: list[Element] = []
    for run in split_tables(lines):
        if run and isinstance(run[0], Line):
            blocks.extend(Paragraph(text) for text in paragraphs(run, margins))  # type: ignore[arg-type]
        else:
            blocks.append(Table(tuple(run)))  # type: ignore[arg-type]
    return blocks


def _continues(previous: Table, table: PageTable) -> bool:
    return len(previous.rows[0]) == len(table.rows[0])


def _continued(
    rows: tuple[tuple[str, ...], ...], more: tuple[tuple[str, ...], ...]
) -> tuple[tuple[str, ...], ...]:
    """A table with its next page's rows: the repeated header row dropped, a row split by the
    page break (its first cell empty) joined to the row it continues."""
    if more and more[0] == rows[0]:
        more = more[1:]
    if more and not more[0][0].strip() and any(cell.strip() for cell in more[0][1:]):
        joined = tuple(
            join_cell(f"{a}\n{b}") if b.strip() and a != b else a
            for a, b in zip(rows[-1], more[0], strict=True)
        )
        return (*rows[:-1], joined, *more[1:])
    return rows + more
