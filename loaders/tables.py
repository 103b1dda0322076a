"""Tables flattened to text, in the two shapes conversion leaves them.

- delimited rows: one row a line, cells split by ``|`` or tabs (``| 1 | 任务 | 区财政局 |``);
- cell-per-line rows: one cell a line (often tab-indented), rows separated by blank lines;
- a stream of cells: one cell a line (``序号 |`` or cells between blank lines) with nothing
  between rows, so rows are cut where the next serial number stands.

All become ``Row`` lists; columns are recognised by their header text, never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.cleaning import squeeze
from policykg.loaders.header import Block
from policykg.loaders.numbering import heading
from policykg.loaders.records import Indicator

_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}")
COLUMN_NAMES = {
    "number": re.compile(r"^(?:序号|编号|序)$"),
    "text": re.compile(
        r"任务|工作内容|具体内容|举措|措施|事项|内容|重点工作|主要工作|预期目标|目标与任务|工作目标"
    ),
    "lead": re.compile(r"牵头(?:责任)?单位|牵头部门|主办单位|主责单位|^牵头$"),
    "co": re.compile(r"配合|参与单位|协办单位|协同|协作"),
    "responsible": re.compile(r"责任单位|责任部门|承办单位|实施单位|责任主体"),
    "leader": re.compile(r"领导|责任人|联系人"),
    "deadline": re.compile(r"时限|时间|节点|进度"),
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


_STREAM_START = ("number", "category")
_MAX_HEADER_CELL = 20


def stream_cells(block: Block, start: int) -> list[tuple[int, str]]:
    """(file line, cell) for every non-empty cell from ``start``: lines split at ``|`` and tabs."""
    out = []
    for line_no, text in block.numbered(start):
        for cell in re.split(r"[|\t]", text):
            cell = squeeze(cell)
            if cell:
                out.append((line_no, cell))
    return out


def stream_header(cells: list[tuple[int, str]], at: int) -> list[str] | None:
    """The header cells starting at ``cells[at]`` (序号 or 分类 first), up to the first row."""
    if len(cells[at][1]) > 8:
        return None
    first = re.sub(r"\s+", "", cells[at][1])
    if len(first) > 4 or not any(COLUMN_NAMES[role].search(first) for role in _STREAM_START):
        return None
    header = []
    for _, cell in cells[at : at + 14]:
        if cell.isdigit() or len(cell) > _MAX_HEADER_CELL or heading(cell):
            break
        header.append(cell)
    return header if len(header) >= 3 else None


def stream_rows(cells: list[tuple[int, str]], at: int) -> tuple[list[Row], int]:
    """Rows after a header ending at ``cells[at]``: a row starts at the next serial number.

    A heading cell (一、 …) is a row of its own; a new header ends the table. Returns the rows and
    the position after the last cell read.
    """
    rows: list[Row] = []
    current: list[tuple[int, str]] = []
    previous: int | None = None
    i = at
    while i < len(cells):
        line_no, cell = cells[i]
        if stream_header(cells, i) is not None:
            break
        found = heading(cell)
        starts = (
            cell.isdigit()
            and len(cell) <= 4
            and (previous is None or int(cell) in (previous + 1, 1))
        )
        if starts or (found is not None and found.level <= 2 and found.number[:1] not in "—-"):
            if current:
                rows.append(Row(tuple(c for _, c in current), current[0][0], current[-1][0]))
            current = [(line_no, cell)]
            previous = int(cell) if starts else previous
        elif current:
            current.append((line_no, cell))
        i += 1
    if current:
        rows.append(Row(tuple(c for _, c in current), current[0][0], current[-1][0]))
    return rows, i


_UNIT_COLUMNS = ("lead", "co", "responsible")
_SKIP_CELL = -1.0


def cell_kind(cell: str) -> str:
    """What a cell holds: ``units`` (agencies or collective phrases), ``person``, ``text`` or ``other``."""
    from policykg.loaders.agencies import classify, split_units

    if len(cell) > 120 or re.search(r"[。！？]", cell):
        return "text"
    units = re.split(r"[、，,；;]", cell)
    if any(len(unit) > 16 and classify(unit) != "agency" for unit in units):
        return "text"
    kinds = {classify(unit) for unit in split_units(cell)}
    if kinds & {"agency", "collective"}:
        return "units"
    if kinds == {"person"}:
        return "person"
    return "other"


_SCORES = {
    "text": {"text": 2, "other": 1, "units": -1, "person": -2},
    "units": {"units": 3, "other": -2, "person": -3, "text": -4},
    "leader": {"person": 2, "other": 1, "units": -3, "text": -4},
}


def _score(role: str | None, kind: str) -> float:
    if role == "text":
        return _SCORES["text"][kind]
    if role in _UNIT_COLUMNS:
        return _SCORES["units"][kind]
    if role == "leader":
        return _SCORES["leader"][kind]
    return 0.0


def align(cells: list[str], roles: list[str | None]) -> dict[str, str]:
    """Assign cells to columns in order when a row has more or fewer cells than its header.

    Columns may be missing from a row and a row may carry stray cells; the best in-order match of
    cell contents (units, persons, text) to column roles wins.

    >>> align(["新增托位400个。", "俞悦", "县教育局"], ["text", "leader", "lead", "responsible"])
    {'text': '新增托位400个。', 'leader': '俞悦', 'lead': '县教育局'}
    """
    kinds = [cell_kind(cell) for cell in cells]
    m, n = len(cells), len(roles)
    best = [[float("-inf")] * (n + 1) for _ in range(m + 1)]
    step: list[list[str]] = [[""] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(m + 1):
        for j in range(n + 1):
            here = best[i][j]
            if here == float("-inf"):
                continue
            moves = []
            if i < m and j < n:
                moves.append((i + 1, j + 1, here + _score(roles[j], kinds[i]), "take"))
            if i < m:
                moves.append((i + 1, j, here + _SKIP_CELL, "cell"))
            if j < n:  # skipping a later column costs less: ties go to the earlier column
                moves.append((i, j + 1, here - 0.01 * (n - j), "column"))
            for a, b, score, move in moves:
                if score > best[a][b]:
                    best[a][b], step[a][b] = score, move
    out: dict[str, str] = {}
    i, j = m, n
    while i or j:
        move = step[i][j]
        if move == "take":
            i, j = i - 1, j - 1
            if roles[j]:
                out[roles[j]] = cells[i]
        elif move == "cell":
            i -= 1
        else:
            j -= 1
    return dict(reversed(out.items()))


# Header words a .docx text run glues together: 序号重点任务牵头单位责任单位
_HEADER_WORDS = re.compile(
    r"序号|编号|重点任务|主要任务|工作任务|目标任务|工作内容|任务|事项|牵头责任单位|牵头单位|主办单位|"
    r"责任单位|配合单位|协同单位|参与单位|责任领导|分管领导|责任人|完成时限|时间节点|完成时间"
)
_SENTENCE_END = re.compile(r"[。；;]")
# Where one unit ends and the next begins with its level word: 区数据资源局|区发展改革委
_GLUED_UNITS = re.compile(r"(?<=[局委办厅院府心])(?=[区县市省])")


def glued_header(line: str) -> list[str] | None:
    """The cells of a header whose words were glued together, or None if the line is not one."""
    compact = squeeze(line).replace(" ", "")
    cells, at = [], 0
    while at < len(compact):
        word = _HEADER_WORDS.match(compact, at)
        if word is None:
            return None
        cells.append(word.group())
        at = word.end()
    return cells if len(cells) >= 3 else None


def glued_row(line: str, units_columns: int) -> list[str] | None:
    """Number, text and unit cells of a glued row: ``1推进…平台。区数据资源局区发展改革委、区财政局``.

    The text ends at its last full stop; unit cells end where two units meet without 、.
    """
    from policykg.loaders.agencies import split_units

    row = re.match(r"^(\d{1,4})(.+)$", squeeze(line))
    if row is None:
        return None
    rest = row.group(2)
    ends = list(_SENTENCE_END.finditer(rest))
    if not ends:
        return None
    text, tail = rest[: ends[-1].end()], rest[ends[-1].end() :]
    cells: list[list[str]] = [[]]
    for chunk in tail.split("、"):
        parts = [u for piece in _GLUED_UNITS.split(chunk) for u in split_units(piece)] or [chunk]
        cells[-1].append(parts[0])
        cells += [[part] for part in parts[1:]]
    merged = [*cells[: units_columns - 1], [u for c in cells[units_columns - 1 :] for u in c]]
    return [row.group(1), text, *("、".join(c) for c in merged if c)]


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
