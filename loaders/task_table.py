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
from policykg.loaders.tables import cell_rows, columns, delimited_rows, find_header
from policykg.loaders.tasks import make_task

REQUIRED = ("number", "text")


def parse(text: str, listing_order: bool = True) -> list[Document]:
    """Parse one document whose tasks stand in a table."""
    return [parse_block(Block(tuple(text.split("\n"))), listing_order)]


def parse_block(block: Block, listing_order: bool = True) -> Document:
    """Parse the task-table document held in ``block``."""
    head = read_header(block)
    body = body_of(block, head)
    found = find_table(block, body.start)
    if found is None:
        raise ParseError("no task table (序号 / 任务 / 责任单位 header) found")
    position, header, shape = found
    cols = columns(header)
    rows = (
        delimited_rows(block, position)
        if shape == "delimited"
        else cell_rows(block, position, len(header))
    )
    sections: list[Section] = []
    tasks: list[Task] = []
    path: list[Section] = []
    for row in rows:
        cells = [squeeze(c) for c in row.cells]
        title = _heading_row(cells, cols)
        if title is not None:
            found_heading = heading(title)
            level = found_heading.level if found_heading else 1
            while path and path[-1].level >= level:
                path.pop()
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
            path.append(section)
            continue
        task = _task(
            cells,
            cols,
            len(header),
            len(tasks) + 1,
            path,
            head.district,
            listing_order,
            row.first,
            row.last,
        )
        if task is not None:
            tasks.append(task)
    if not tasks:
        raise ParseError("the task table has a header but no task rows")
    return assemble(block, head, body, sections, tasks)


def find_table(block: Block, start: int) -> tuple[int, list[str], str] | None:
    """The task table header at or after ``start`` that has a responsibility column."""
    at = start
    while True:
        found = find_header(block, REQUIRED, at)
        if found is None:
            return None
        cols = columns(found[1])
        if {"lead", "co", "responsible"} & cols.keys():
            return found
        at = found[0] + 1


def _heading_row(cells: list[str], cols: dict[str, int]) -> str | None:
    filled = [c for c in cells if c]
    if len(filled) == 1 and heading(filled[0]) and heading(filled[0]).level <= 2:
        return filled[0]
    return None


def _title(found, text: str) -> str:
    return (found.title if found else text).rstrip("。")


def _task(
    cells: list[str],
    cols: dict[str, int],
    width: int,
    ordinal: int,
    path: list[Section],
    district: str | None,
    listing_order: bool,
    first: int,
    last: int,
) -> Task | None:
    if len(cells) > width and "text" in cols:  # text cell split in two: join the overflow back
        extra = len(cells) - width
        cells = [
            *cells[: cols["text"]],
            "".join(cells[cols["text"] : cols["text"] + extra + 1]),
            *cells[cols["text"] + extra + 1 :],
        ]
    cells = cells + [""] * (width - len(cells))
    number = cells[cols["number"]]
    text = cells[cols["text"]]
    if not number.isdigit() or not text:
        return None
    parts = []
    if "lead" in cols and cells[cols["lead"]]:
        parts.append(f"牵头单位：{cells[cols['lead']]}")
    if "co" in cols and cells[cols["co"]]:
        parts.append(f"配合单位：{cells[cols['co']]}")
    if "responsible" in cols and cells[cols["responsible"]]:
        parts.append(
            f"责任单位：{cells[cols['responsible']]}" if parts else cells[cols["responsible"]]
        )
    statement = "；".join(parts) or None
    return make_task(
        ordinal,
        number,
        path[-1].id if path else None,
        text,
        (first, last),
        statement,
        district,
        listing_order,
        evidence_line=last,
    )
