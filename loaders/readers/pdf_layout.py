"""Lines of a PDF page put back into the text a reader sees: page furniture out, wrapped lines of a
paragraph joined, two columns read one after the other, cells wrapped without spurious spaces.

Pure functions over positioned lines, so they are the same whatever library read the page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from statistics import median

_PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－一~·\s]*\d{1,4}[—–\-－一~·\s]*|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|"
    r"\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?|-\s*\d+\s*-)$"
)
_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’]")
_STARTS_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[.．、]|"
    r"[①-⑳]|[一二三四五六七八九十]{1,3}是|附件|抄送|印发|主送|\d{4}年\d{1,2}月\d{1,2}日)"
)


@dataclass(frozen=True)
class Line:
    """A line of text on a page, with its box in points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    parts: tuple[Line, ...] = ()  # the pieces a merged line was made of, left to right

    @property
    def pieces(self) -> tuple[Line, ...]:
        """The pieces this line was made of (itself when it was never merged)."""
        return self.parts or (self,)

    @property
    def height(self) -> float:
        """The line's height: about one character's width in CJK text."""
        return max(self.bottom - self.top, 1.0)


def join_wrapped(left: str, right: str) -> str:
    """Two pieces of a wrapped line as one: no space between CJK, one between Latin words.

    >>> join_wrapped("区农", "业农村委"), join_wrapped("green", "bonds"), join_wrapped("到2025", "年")
    ('区农业农村委', 'green bonds', '到2025年')
    """
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


_SPACE_AT_CJK = re.compile(
    r"(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’])[ \t]+(?=\S)|(?<=\S)[ \t]+"
    r"(?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’])"
)


def tidy(text: str) -> str:
    """Spaces a PDF's text layer puts where the font changes next to Chinese text, removed.

    >>> tidy("到 2025 年，占比达到 90%以上（EOD 模式） and more")
    '到2025年，占比达到90%以上（EOD模式）and more'
    """
    return _SPACE_AT_CJK.sub("", text.strip())


def join_cell(text: str) -> str:
    """A table cell's wrapped lines as one text."""
    out = ""
    for piece in text.split("\n"):
        out = join_wrapped(out, piece) if out else piece.strip()
    return tidy(out)


def is_page_number(text: str) -> bool:
    """Whether a line is a page number: ``— 2 —``, ``- 3 -``, ``第4页 共9页``, ``5/18``.

    >>> [is_page_number(t) for t in ("— 2 —", "-3-", "第 4 页 共 9 页", "5/18", "一、总体要求")]
    [True, True, True, True, False]
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


def drop_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Pages without page numbers and without running headers/footers (the same text, digits
    aside, in the top or bottom band of at least half the pages)."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s", "", line.text))

    def in_band(line: Line) -> bool:
        height = heights[line.page]
        return line.bottom < height * 0.12 or line.top > height * 0.88

    seen = Counter(k for page in pages for k in {key(line) for line in page if in_band(line)})
    running = {k for k, n in seen.items() if len(pages) >= 3 and n >= max(3, len(pages) / 2)}
    return [
        [
            line
            for line in page
            if not (in_band(line) and (is_page_number(line.text) or key(line) in running))
        ]
        for page in pages
    ]


def reading_order(lines: list[Line], width: float) -> list[Line]:
    """Lines top to bottom; on a two-column page the left column, then the right one; elsewhere
    the segments of one row as one line."""
    lines = sorted(lines, key=lambda line: (round(line.top), line.x0))
    middle = width / 2
    left = [line for line in lines if line.x1 <= middle + 2]
    right = [line for line in lines if line.x0 >= middle - 2]
    crossing = len(lines) - len(left) - len(right)
    # columns of running text: many lines on each side, most of them wide (a table's short
    # cells on either side of the middle are not two columns)
    if (
        len(left) >= 6
        and len(right) >= 6
        and crossing <= 0.1 * len(lines)
        and median(line.x1 - line.x0 for line in left) >= 0.25 * width
        and median(line.x1 - line.x0 for line in right) >= 0.25 * width
    ):
        rest = [line for line in lines if line not in left and line not in right]
        # lines spanning both columns (a title) stay where they stand, above the columns
        top_of_columns = min(line.top for line in left + right)
        above = [line for line in rest if line.top < top_of_columns]
        below = [line for line in rest if line.top >= top_of_columns]
        return above + left + right + below
    return tab_rows(lines)


def paragraphs(lines: list[Line], margins: dict[int, tuple[float, float]]) -> list[str]:
    """Lines joined into paragraphs: a line that runs to the right margin continues on the next
    line unless that one is indented or starts a numbered item."""
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and _continues(previous, line, margins):
            out[-1] = join_wrapped(out[-1], line.text)
        else:
            out.append(line.text.strip())
        previous = line
    return out


def _continues(previous: Line, line: Line, margins: dict[int, tuple[float, float]]) -> bool:
    left, _ = margins[line.page]
    _, previous_right = margins[previous.page]
    full = previous.x1 >= previous_right - 2 * previous.height
    indented = line.x0 > left + 1.2 * line.height
    return full and not indented and not _STARTS_ITEM.match(line.text.strip())


def text_margins(pages: list[list[Line]]) -> dict[int, tuple[float, float]]:
    """Each page's left and right text margin (the common ones when a page has few lines)."""
    all_lines = [line for page in pages for line in page]
    if not all_lines:
        return {}
    common = (
        Counter(round(line.x0) for line in all_lines).most_common(1)[0][0],
        max(line.x1 for line in all_lines),
    )
    out = {}
    for number, page in enumerate(pages):
        if len(page) >= 5:
            out[number] = (Counter(round(line.x0) for line in page).most_common(1)[0][0],
                           max(line.x1 for line in page))  # fmt: skip
        else:
            out[number] = common
    return out


def rows_of(pieces: list[Line]) -> list[list[Line]]:
    """Pieces grouped into rows (vertically overlapping), each row left to right."""
    rows: list[list[Line]] = []
    for piece in sorted(pieces, key=lambda p: (p.page, p.top)):
        row = rows[-1] if rows else None
        if row and row[0].page == piece.page and piece.top < min(p.bottom for p in row) - 0.3 * piece.height:
            row.append(piece)
        else:
            rows.append([piece])
    return [sorted(row, key=lambda p: p.x0) for row in rows]


def merge_lines(pieces: list[Line], gap: float = 2.0) -> list[Line]:
    """Text pieces of one row merged into segments; pieces further apart than ``gap`` character
    heights stay apart (columns of an unruled table, or two text columns)."""
    merged: list[Line] = []
    for row in rows_of(pieces):
        current = row[0]
        for piece in row[1:]:
            if piece.x0 - current.x1 < gap * current.height:
                current = replace(
                    current,
                    text=join_wrapped(current.text, piece.text),
                    x1=max(current.x1, piece.x1),
                    top=min(current.top, piece.top),
                    bottom=max(current.bottom, piece.bottom),
                    parts=current.pieces + piece.pieces,
                )
            else:
                merged.append(current)
                current = piece
        merged.append(current)
    return merged


def tab_rows(segments: list[Line]) -> list[Line]:
    """Segments of one row as one line, far-apart segments separated by a tab (the delimited
    row shape the table parser reads)."""
    out = []
    for row in rows_of(segments):
        text = "\t".join(segment.text.strip() for segment in row)
        parts = tuple(piece for segment in row for piece in segment.pieces)
        out.append(replace(row[0], text=text, x1=row[-1].x1, parts=parts if len(parts) > 1 else (),
                           top=min(s.top for s in row), bottom=max(s.bottom for s in row)))  # fmt: skip
    return out


def split_tables(lines: list[Line]) -> list[list[Line] | list[tuple[str, ...]]]:
    """Runs of lines, and unruled tables: a header row of far-apart cells gives the columns;
    the lines below are placed in them by where their pieces start, a line with nothing in the
    first column continues the row above (a wrapped cell), a line across the columns is a heading
    row, and the same header again at the top of a page is dropped."""
    runs: list[list[Line] | list[tuple[str, ...]]] = []
    text_run: list[Line] = []
    i = 0
    while i < len(lines):
        rows, end = _table_at(lines, i) if "\t" in lines[i].text else ([], i)
        if len(rows) >= 3:
            if text_run:
                runs.append(text_run)
                text_run = []
            runs.append(rows)
            i = end
        else:
            text_run.append(lines[i])
            i += 1
    if text_run:
        runs.append(text_run)
    return runs


def _table_at(lines: list[Line], start: int) -> tuple[list[tuple[str, ...]], int]:
    """The table whose header row is ``lines[start]``, and the index of the line after it."""
    header = lines[start]
    anchors = [cell.x0 for cell in merge_lines(list(header.pieces), gap=1.0)]
    tolerance = 0.8 * header.height

    def column(x: float) -> int:
        return max((k for k, anchor in enumerate(anchors) if anchor - tolerance <= x), default=0)

    def cells_of(line: Line) -> list[str]:
        cells = [""] * len(anchors)
        for piece in line.pieces:
            k = column(piece.x0)
            cells[k] = join_wrapped(cells[k], piece.text)
        return cells

    end = start + 1
    while end < len(lines):
        line, last = lines[end], lines[end - 1]
        if (line.page == last.page and line.top - last.bottom > 2 * last.height) or (
            line.x0 < anchors[0] - tolerance
        ):
            break
        end += 1
    body = lines[start + 1 : end]
    gaps = [b.top - a.bottom for a, b in zip([header, *body], body, strict=False) if a.page == b.page]
    # rows set apart by padding: a line close below another is a wrapped line of the same row
    # (whatever column wraps); rows set without padding: a line with an empty first column is
    padded = any(gap > 0.8 * header.height for gap in gaps)
    rows = [cells_of(header)]
    heading = [True]  # nothing continues the header row
    last = header
    for line in body:
        cells = cells_of(line)
        same_page = line.page == last.page
        close = same_page and line.top - last.bottom <= 0.8 * last.height
        spans = len(line.pieces) == 1 and column(line.x0) == 0 and line.x1 > anchors[1]
        if not same_page and cells == rows[0]:
            heading.append(True)  # the header repeated on the next page: a row starts below it
            rows.append([])
        elif spans and not close:
            rows.append([line.text.strip()] + [""] * (len(anchors) - 1))
            heading.append(True)
        elif not heading[-1] and close and (padded or not cells[0]):
            rows[-1] = [join_wrapped(a, b) if b else a for a, b in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
            heading.append(False)
        last = line
    return [tuple(row) for row in rows if row], end
