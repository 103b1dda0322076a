"""What every reader returns: paragraphs and tables, and their rendering into text lines.

The document kinds parse text lines; a table is rendered one row a line with ``|`` between cells
(the delimited shape ``loaders.tables`` reads), so every kind works in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of running text."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table: rows of cell texts, merged cells already filled with their value."""

    rows: tuple[tuple[str, ...], ...]


Element = Paragraph | Table


@dataclass(frozen=True)
class Reading:
    """A file as read: its blocks, their text rendering, and how it was read."""

    blocks: tuple[Element, ...]
    text: str
    sha256: str
    format: str  # txt, docx, pdf, html, doc, wps, ofd
    reader: str  # the library that read it, e.g. python-docx
    encoding: str = "utf-8"
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. a portal's 信息公开 block


def render(blocks: tuple[Element, ...] | list[Element]) -> str:
    """Text lines for the parsers: a paragraph a line, a table row a ``|``-separated line.

    >>> render([Paragraph("一、总体要求"), Table((("序号", "任务"), ("1", "节能 | 减排")))]).splitlines()
    ['一、总体要求', '', '| 序号 | 任务 |', '| 1 | 节能 ｜ 减排 |', '']
    """
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.extend(block.text.split("\n"))
        elif _is_layout(block):
            lines.extend(cell for row in block.rows for cell in _distinct(row))
        else:
            lines.append("")
            lines.extend(_row_line(row) for row in block.rows)
            lines.append("")
    return "\n".join(lines) + "\n"


def _row_line(row: tuple[str, ...]) -> str:
    cells = [" ".join(cell.replace("|", "｜").split()) for cell in row]
    # a row merged across the whole table is a heading inside it: its text once, in the first cell
    if len(cells) > 1 and len(set(cells)) == 1:
        cells = [cells[0]] + [""] * (len(cells) - 1)
    return "| " + " | ".join(cells) + " |"


def _distinct(row: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for cell in row:
        if cell.strip() and (not out or out[-1] != cell):
            out.append(cell)
    return out


def _is_layout(table: Table) -> bool:
    """A table used for layout (a 版记 box, a framed title), not data: never two cells in a row."""
    return sum(1 for row in table.rows if len(_distinct(row)) >= 2) < 2
