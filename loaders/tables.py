"""Tables flattened to text, in the two shapes conversion leaves them.

- delimited rows: one row a line, cells split by ``|`` or tabs (``| 1 | 任务 | 区财政局 |``);
- cell-per-line rows: one cell a line (often tab-indented), rows separated by blank lines.

Both become ``Row`` lists; columns are recognised by their header text, never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.cleaning import squeeze
from policykg.loaders.header import Block
from policykg.loaders.records import Indicator

_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}")
COLUMN_NAMES = {
    "number": re.compile(r"^(?:序号|编号|序)$"),
    "text": re.compile(r"任务|工作内容|具体内容|举措|措施|事项|内容|目标任务"),
    "lead": re.compile(r"牵头单位|牵头部门|主办单位|主责单位"),
    "co": re.compile(r"配合单位|配合部门|参与单位|协办单位|协同单位"),
    "responsible": re.compile(r"责任单位|责任部门|承办单位|实施单位"),
    "leader": re.compile(r"责任领导|分管领导|责任人|联系人"),
    "deadline": re.compile(r"时限|时间|进度"),
    "category": re.compile(r"类别|领域|分类"),
    "indicator": re.compile(r"^指标|指标名称"),
    "unit": re.compile(r"^单位$|计量单位"),
    "year": re.compile(r"\d{4}\s*年|目标值"),
    "attribute": re.compile(r"属性"),
}


@dataclass(frozen=True)
class Row:
    """A table row: its cells and the file line numbers it spans."""

    cells: tuple[str, ...]
    first: int
    last: int


def split_cells(line: str, min_filled: int = 2) -> list[str] | None:
    """Cells of a delimited row, or None when it has fewer than ``min_filled`` non-empty cells."""
    raw = line.strip(" \r\n\u3000")
    if "|" in raw:
        cells = [squeeze(c) for c in raw.strip().strip("|").split("|")]
    elif "\t" in raw.strip():
        cells = [squeeze(c) for c in raw.rstrip().split("\t")]
    else:
        return None
    return cells if len(cells) >= 2 and sum(1 for c in cells if c) >= min_filled else None


def columns(header: list[str]) -> dict[str, int]:
    """Map column roles (number, text, lead, co, responsible, leader, …) to positions."""
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        compact = re.sub(r"\s+", "", cell)
        for role, pattern in COLUMN_NAMES.items():
            if role not in found and pattern.search(compact):
                if role == "text" and re.search(r"单位|部门|领导|时限", compact):
                    continue
                found[role] = position
                break
    return found


def delimited_rows(block: Block, start: int) -> list[Row]:
    """Rows of a delimited table whose header is at ``start``, up to the first non-row line."""
    rows = []
    blank_run = 0
    for line_no, text in block.numbered(start + 1):
        if not text.strip():
            blank_run += 1
            if blank_run > 1:
                break
            continue
        blank_run = 0
        if _SEPARATOR_ROW.match(text.strip()):
            continue
        cells = split_cells(text, min_filled=1)
        if cells is None:
            break
        rows.append(Row(tuple(cells), line_no, line_no))
    return rows


def cell_rows(block: Block, start: int, width: int) -> list[Row]:
    """Rows of a cell-per-line table after the header block at ``start`` (``width`` cells)."""
    rows: list[Row] = []
    group: list[tuple[int, str]] = []
    lines = block.numbered(start)
    # skip the header block itself
    i = 0
    while i < len(lines) and lines[i][1].strip():
        i += 1
    for line_no, text in [*lines[i:], (0, "")]:
        if text.strip():
            group.append((line_no, squeeze(text)))
            continue
        if group:
            rows.append(Row(tuple(t for _, t in group), group[0][0], group[-1][0]))
            group = []
    return rows


def find_header(
    block: Block, required: tuple[str, ...], start: int = 0
) -> tuple[int, list[str], str] | None:
    """The first table header at or after ``start`` that has all ``required`` column roles.

    Returns (position, header cells, shape) with shape ``delimited`` or ``cells``.
    """
    lines = block.lines
    for i in range(start, len(lines)):
        cells = split_cells(lines[i])
        if cells and all(r in columns(cells) for r in required):
            return i, cells, "delimited"
        if lines[i].strip() and (i == 0 or not lines[i - 1].strip()):
            group = []
            j = i
            while j < len(lines) and lines[j].strip() and len(group) < 12:
                group.append(squeeze(lines[j]))
                j += 1
            if 2 <= len(group) <= 12 and all(len(c) <= 12 for c in group):
                if all(r in columns(group) for r in required):
                    return i, group, "cells"
    return None


_NAME_UNIT = re.compile(r"^(?P<name>.+?)\s*[（(](?P<unit>[^（）()]{1,8})[）)]$")


def indicators(block: Block, start: int = 0) -> list[Indicator]:
    """Rows of an indicator table (类别 / 序号 / 指标 / 2025年 …) anywhere after ``start``."""
    found = find_header(block, ("indicator",), start)
    if found is None:
        return []
    position, header, shape = found
    cols = columns(header)
    year_match = re.search(r"(\d{4})\s*年", header[cols["year"]]) if "year" in cols else None
    year = int(year_match.group(1)) if year_match else None
    rows = (
        delimited_rows(block, position)
        if shape == "delimited"
        else cell_rows(block, position, len(header))
    )
    out: list[Indicator] = []
    category = ""
    for row in rows:
        cells = list(row.cells) + [""] * (len(header) - len(row.cells))
        if "category" in cols and cells[cols["category"]]:
            category = cells[cols["category"]]
        name = cells[cols["indicator"]]
        raw_value = cells[cols["year"]] if "year" in cols else ""
        value = re.search(r"-?\d+(?:\.\d+)?", raw_value)
        if not name or value is None:
            continue
        unit = cells[cols["unit"]] if "unit" in cols else ""
        split = _NAME_UNIT.match(name)
        if split and not unit:
            name, unit = split.group("name"), split.group("unit")
        number_cell = cells[cols["number"]] if "number" in cols else ""
        number = int(number_cell) if number_cell.isdigit() else len(out) + 1
        number_value = float(value.group())
        out.append(
            Indicator(
                category=category,
                number=number,
                name=name,
                unit=unit.replace("％", "%"),
                value=int(number_value) if number_value.is_integer() else number_value,
                year=year,
            )
        )
    return out
