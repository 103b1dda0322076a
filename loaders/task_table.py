"""Task tables: 序号 / 重点任务 / 责任单位 (or 牵头单位 / 配合单位 / 责任领导) flattened to text.

Heading rows (一、 / （一）) open sections; numbered rows are tasks. Columns are found by their
header names, so a 责任领导 column of person names never yields agencies.
"""

from __future__ import annotations

from policykg.loaders.cleaning import squeeze
from policykg.loaders.document import ParseError, assemble, body_of
from policykg.loaders.header import Block, read_header
from policykg.loaders.numbering import heading
from policykg.loaders.records import Document, Section, Task
from policykg.loaders.tables import (
    Row,
    align,
    cell_rows,
    columns,
    delimited_rows,
    find_header,
    glued_header,
    glued_row,
    stream_cells,
    stream_header,
    stream_rows,
)
from policykg.loaders.tasks import make_task

REQUIRED = ("number", "text")
KIND = "task_table"


def detect(lines: list[str]) -> bool:
    """A table header with a task column and a responsibility column."""
    return bool(find_tables(Block(tuple(lines)), 0))


def parse(text: str, listing_order: bool = True) -> list[Document]:
    """Parse one document whose tasks stand in a table."""
    return [parse_block(Block(tuple(text.split("\n"))), listing_order)]


def parse_block(block: Block, listing_order: bool = True) -> Document:
    """Parse the task-table document held in ``block`` (every task table in it)."""
    head = read_header(block)
    body = body_of(block, head)
    found = find_tables(block, body.start) or find_tables(block, 0)
    if not found:
        raise ParseError("no task table (序号 / 任务 / 责任单位 header) found")
    sections: list[Section] = []
    tasks: list[Task] = []
    for header, rows, shape in found:
        cols = columns(header)
        path: list[Section] = []
        for row in rows:
            cells = [squeeze(c) for c in row.cells]
            title = _heading_row(cells, cols) if shape != "stream" else _stream_heading(cells)
            if title is not None:
                path = _open(sections, path, title)
                continue
            fields = (
                _positional(cells, cols, len(header))
                if shape != "stream"
                else _aligned(cells, header, cols)
            )
            task = _task(fields, len(tasks) + 1, path, head.district, listing_order, row)
            if task is not None:
                tasks.append(task)
    if not tasks:
        raise ParseError("the task table has a header but no task rows")
    return assemble(block, head, body, sections, tasks)


def find_tables(block: Block, start: int) -> list[tuple[list[str], list[Row], str]]:
    """Every task table from ``start``: (header, rows, shape); shape ``stream`` cuts rows at numbers."""
    found = find_table(block, start)
    if found is not None:
        position, header, shape = found
        rows = (
            delimited_rows(block, position)
            if shape == "delimited"
            else cell_rows(block, position, len(header))
        )
        return [(header, rows, shape)]
    glued = _glued_tables(block, start)
    if glued:
        return glued
    cells = stream_cells(block, start)
    out = []
    i = 0
    while i < len(cells):
        header = stream_header(cells, i)
        if header is not None and _is_task_header(columns(header)):
            rows, i = stream_rows(cells, i + len(header))
            out.append((header, rows, "stream"))
            continue
        i += 1
    return out


def _glued_tables(block: Block, start: int) -> list[tuple[list[str], list[Row], str]]:
    """Tables whose cells a .docx run glued together: the header words, then numbered rows."""
    for i, line in enumerate(block.lines[start:], start):
        header = glued_header(line) if line.strip() else None
        if header is None or not _is_task_header(columns(header)):
            continue
        units = sum(1 for role in columns(header) if role in ("lead", "co", "responsible"))
        rows = []
        for line_no, text in block.numbered(i + 1):
            cells = glued_row(text, units) if text.strip() else None
            if cells is None:
                if text.strip():
                    break
                continue
            rows.append(Row(tuple(cells), line_no, line_no))
        return [(header, rows, "delimited")] if rows else []
    return []


def find_table(block: Block, start: int) -> tuple[int, list[str], str] | None:
    """The first task table header (one row a line, or a row a block) at or after ``start``."""
    at = start
    while True:
        found = find_header(block, REQUIRED, at)
        if found is None:
            return None
        if _is_task_header(columns(found[1])):
            return found
        at = found[0] + 1


def _is_task_header(cols: dict[str, int]) -> bool:
    return all(r in cols for r in REQUIRED) and bool({"lead", "co", "responsible"} & cols.keys())


def _open(sections: list[Section], path: list[Section], title: str) -> list[Section]:
    """Open the section a heading row names; returns the new path of open sections."""
    found_heading = heading(title)
    level = found_heading.level if found_heading else 1
    path = [s for s in path if s.level < level]
    parent = path[-1].id if path else None
    siblings = sum(1 for s in sections if s.parent == parent)
    section = Section(
        f"{parent}.{siblings + 1}" if parent else str(siblings + 1),
        found_heading.number if found_heading else "",
        _title(found_heading, title),
        parent,
        level,
    )
    sections.append(section)
    return [*path, section]


def _stream_heading(cells: list[str]) -> str | None:
    found = heading(cells[0]) if cells else None
    return cells[0] if found is not None and found.level <= 2 else None


def _positional(cells: list[str], cols: dict[str, int], width: int) -> dict[str, str]:
    if len(cells) > width and "text" in cols:  # text cell split in two: join the overflow back
        extra = len(cells) - width
        cells = [
            *cells[: cols["text"]],
            "".join(cells[cols["text"] : cols["text"] + extra + 1]),
            *cells[cols["text"] + extra + 1 :],
        ]
    cells = cells + [""] * (width - len(cells))
    return {role: cells[position] for role, position in cols.items()}


def _aligned(cells: list[str], header: list[str], cols: dict[str, int]) -> dict[str, str]:
    """A stream row: the serial number first, the other cells matched to the columns after it."""
    roles: list[str | None] = [None] * len(header)
    for role, position in cols.items():
        roles[position] = role
    after = roles[cols["number"] + 1 :]
    return {"number": cells[0], **align(cells[1:], after)}


def _heading_row(cells: list[str], cols: dict[str, int]) -> str | None:
    filled = [c for c in cells if c]
    if len(filled) == 1 and heading(filled[0]) and heading(filled[0]).level <= 2:
        return filled[0]
    return None


def _title(found, text: str) -> str:
    return (found.title if found else text).rstrip("。")


def _task(
    fields: dict[str, str],
    ordinal: int,
    path: list[Section],
    district: str | None,
    listing_order: bool,
    row: Row,
) -> Task | None:
    number = fields.get("number", "")
    text = fields.get("text", "")
    if not number.isdigit() or not text:
        return None
    parts = []
    if fields.get("lead"):
        parts.append(f"牵头单位：{fields['lead']}")
    if fields.get("co"):
        parts.append(f"配合单位：{fields['co']}")
    if fields.get("responsible"):
        parts.append(f"责任单位：{fields['responsible']}" if parts else fields["responsible"])
    statement = "；".join(parts) or None
    return make_task(
        ordinal,
        number,
        path[-1].id if path else None,
        text,
        (row.first, row.last),
        statement,
        district,
        listing_order,
        evidence_line=row.last,
        deadline_cell=(fields["deadline"], row.last) if fields.get("deadline") else None,
    )
