"""The PDF reader: text and rulings with pypdfium2, ruled tables by pdfplumber's lattice
algorithm; tables continued across pages rebuilt as one, a repeated header row dropped.

pypdfium2 (Apache-2.0/BSD) reads a page about ten times faster than pdfminer, on which
pdfplumber (MIT) parses pages; so pdfplumber's table functions get pdfium's line objects and
cell text instead of parsing every page again. PyMuPDF is AGPL: not used.
"""

from __future__ import annotations

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
    tidy,
)
from policykg.loaders.readers.text import ReadError

MIN_RULINGS = 4  # ruling edges on a page before it is worth looking for a ruled table


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

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"not a readable PDF: {exc}") from None
    pages: list[list[Line]] = []
    sizes: list[tuple[float, float]] = []
    tables: list[PageTable] = []
    chars = 0
    for number in range(len(document)):
        page = document[number]
        width, height = page.get_size()
        sizes.append((width, height))
        textpage = page.get_textpage()
        chars += textpage.count_chars()
        pieces = page_lines(textpage, height, number)
        pages.append(pieces)
        tables.extend(ruled_tables(page, textpage, number))
    if chars == 0:
        raise ReadError(
            f"a scanned PDF: its {len(pages)} page(s) have no text layer, only images (OCR it first)"
        )
    pages = [
        reading_order(
            merge_lines([p for p in page if not any(_inside(p, t) for t in tables)]), width
        )
        for page, (width, _) in zip(pages, sizes, strict=True)
    ]
    pages = drop_furniture(pages, [h for _, h in sizes])
    blocks = _blocks(pages, tables)
    return Reading(tuple(blocks), render(blocks), "", "pdf", "pypdfium2+pdfplumber")


def page_lines(textpage, height: float, number: int) -> list[Line]:
    """The text layer's lines with their boxes; a line with wide gaps split at them (two
    columns, or the cells of an unruled table, that share a baseline)."""
    text = textpage.get_text_range()
    lines = []
    start = 0
    for raw in text.split("\r\n"):
        first = start + len(raw) - len(raw.lstrip())
        last = start + len(raw.rstrip()) - 1
        start += len(raw) + 2
        if last < first:
            continue
        left, bottom, _, top = textpage.get_charbox(first)
        _, bottom_end, right, top_end = textpage.get_charbox(last)
        line = Line(tidy(raw), left, right, height - max(top, top_end),
                    height - min(bottom, bottom_end), number)  # fmt: skip
        if right - left > (last - first + 4) * line.height:
            lines.extend(_split_at_gaps(textpage, first, last, height, number))
        else:
            lines.append(line)
    return lines


def _split_at_gaps(textpage, first: int, last: int, height: float, number: int) -> list[Line]:
    pieces: list[Line] = []
    for index in range(first, last + 1):
        char = textpage.get_text_range(index, 1)
        left, bottom, right, top = textpage.get_charbox(index)
        if not char.strip() or right <= left:
            continue
        box = Line(char, left, right, height - top, height - bottom, number)
        previous = pieces[-1] if pieces else None
        if previous is not None and left - previous.x1 < 2 * max(previous.height, box.height):
            pieces[-1] = Line(tidy(previous.text + char), previous.x0, right, min(previous.top, box.top),
                              max(previous.bottom, box.bottom), number)  # fmt: skip
        else:
            pieces.append(box)
    return pieces


def _inside(line: Line, table: PageTable) -> bool:
    middle = (line.top + line.bottom) / 2
    return (
        line.page == table.page
        and table.top <= middle <= table.bottom
        and table.x0 - 2 <= line.x0
        and line.x1 <= table.x1 + 2
    )


def ruled_tables(page, textpage, number: int) -> list[PageTable]:
    """Tables drawn with rulings on a page: pdfplumber's lattice algorithm (edges → crossings →
    cells → tables) run on the page's line objects, cell text read from the text layer."""
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    _width, height = page.get_size()
    edges = [edge for bounds in _path_bounds(page) for edge in _edges(bounds, height)]
    if len(edges) < MIN_RULINGS:
        return []
    edges = [e for e in merge_edges(edges, 3, 3, 3, 3) if e["x1"] - e["x0"] >= 3 or e["bottom"] - e["top"] >= 3]
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    found = []
    for table in cells_to_tables(cells):
        rows = _grid(table, textpage, height)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            x0, top = min(c[0] for c in table), min(c[1] for c in table)
            x1, bottom = max(c[2] for c in table), max(c[3] for c in table)
            found.append(PageTable(number, top, bottom, x0, x1, tuple(rows)))
    return found


def _path_bounds(page) -> list[tuple[float, float, float, float]]:
    """Boxes of a page's path objects, read through pdfium's C API: wrapping every text object
    in a Python object only to skip it costs more than reading the whole page's text."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    boxes = []
    values = [ctypes.c_float() for _ in range(4)]
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:  # rulings inside a form: walk it the slow way
            return [o.get_bounds() for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_PATH]
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPageObj_GetBounds(obj, *map(ctypes.byref, values)):
            boxes.append(tuple(v.value for v in values))
    return boxes


def _edges(bounds: tuple[float, float, float, float], height: float) -> list[dict]:
    """A path's ruling edges (top-down coordinates): a thin line is one, a box is four."""
    left, bottom, right, top = bounds
    y0, y1 = height - top, height - bottom
    def edge(x0: float, x1: float, t: float, b: float, orientation: str) -> dict:
        return {"x0": x0, "x1": x1, "top": t, "bottom": b, "width": x1 - x0, "height": b - t,
                "orientation": orientation, "object_type": "line"}  # fmt: skip
    if y1 - y0 < 3 and right - left >= 3:
        middle = (y0 + y1) / 2
        return [edge(left, right, middle, middle, "h")]
    if right - left < 3 and y1 - y0 >= 3:
        middle = (left + right) / 2
        return [edge(middle, middle, y0, y1, "v")]
    if right - left >= 3 and y1 - y0 >= 3:
        return [edge(left, right, y0, y0, "h"), edge(left, right, y1, y1, "h"),
                edge(left, left, y0, y1, "v"), edge(right, right, y0, y1, "v")]  # fmt: skip
    return []


def _grid(cells: list[tuple[float, float, float, float]], textpage, height: float) -> list[tuple[str, ...]]:
    """Cell boxes as rows of texts, a merged cell's text in every grid slot it covers."""
    xs = sorted({round(c[0]) for c in cells} | {round(c[2]) for c in cells})
    ys = sorted({round(c[1]) for c in cells} | {round(c[3]) for c in cells})
    grid: dict[tuple[int, int], str] = {}
    for x0, top, x1, bottom in cells:
        text = textpage.get_text_bounded(x0, height - bottom, x1, height - top)
        text = join_cell(text.replace("\r\n", "\n"))
        for r in range(ys.index(round(top)), ys.index(round(bottom))):
            for c in range(xs.index(round(x0)), xs.index(round(x1))):
                grid[(r, c)] = text
    rows = []
    for r in range(len(ys) - 1):
        row = tuple(grid.get((r, c), "") for c in range(len(xs) - 1))
        if any(cell.strip() for cell in row):
            rows.append(row)
    return rows


def _blocks(pages: list[list[Line]], tables: list[PageTable]) -> list[Element]:
    """Paragraphs and tables in reading order; a table continued on the next page is one table."""
    margins = text_margins(pages)
    items: list[Line | PageTable] = []
    for number, page in enumerate(pages):
        lines = list(page)
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
