"""Where the lineage view puts its boxes: documents in one row per level (national, provincial,
municipal, not in the graph), then the loaded documents on shelves, each with its sections in
columns under it.

Sizes are in page pixels at zoom 1. The number of section columns under each document is chosen
so that the whole drawing has the shape of the canvas (a 1400 × 900 window less the side panel),
which makes the initial fit as large, and the labels as legible, as the corpus allows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from policykg.viz.layout import box_width, pack_row

DOC_FONT, SECTION_FONT = 16, 13  # px at zoom 1
# width of a top-level section's box: 10 characters of SECTION_FONT and the margins (wider
# columns make the corpus's row of seven documents too wide to read at the initial fit);
# subsections are narrower by INDENT a level
COLUMN = 150.0
INDENT = 10.0
COLUMN_GAP = 10.0
BOX_GAP = 16.0  # between neighbouring documents of one row
ROW = 28.0  # pitch of stacked sections: a box is SECTION_FONT + 10 px high, + 2 px corners
DOC_HALF = 26.0  # half the height of a document box (two lines of DOC_FONT), and a gap
LEVEL_GAP = 60.0  # between rows of documents
CORNER = 2  # box corner radius, px: vis-network's bounding box of a box adds it on every side
ASPECT = 1.2  # width / height of the canvas at the initial fit
ROWS = ("national", "provincial", "municipal", "unknown", "district")


@dataclass
class LineageLayout:
    """Positions of every document, proposal and section; section box widths; the columns."""

    pos: dict[str, tuple[float, float]] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)  # section → box width
    # [x of the column's centre, y of its first item, [[item, x], ...], shelf]: the page
    # restacks a column when a section's tasks unfold, and moves the shelves below down; an
    # item [document, x, "head"] stays where it is (its tasks unfold at the column's top)
    columns: list[list] = field(default_factory=list)
    rows: dict[str, float] = field(default_factory=dict)  # level → y of its (lowest) row
    span: tuple[float, float] = (0.0, 0.0)  # x from the left of the district row to its right
    shelves: list[list] = field(default_factory=list)  # [y of its documents, of its bottom, them]
    top: float = 0.0  # y of the highest row of documents


def lineage_layout(levels: Mapping[str, str], labels: Mapping[str, str],
                   relations: Sequence[tuple[str, str]],
                   children: Mapping[str, Sequence[str]],
                   breaks: Collection[str] = frozenset()) -> LineageLayout:
    """Layout of documents (``levels``: IRI → row name, proposals in 'unknown') labelled
    ``labels``, joined by ``relations`` (source, target), with ``children`` (document or section
    → its sections in reading order) under the documents of the 'district' row, which come in the
    order given. Too many of them for one row go on several shelves, one under the other; a
    document of ``breaks`` starts a new shelf (a provincial one above the municipal ones …).
    """
    layout = LineageLayout()
    local = [d for d in levels if levels[d] == "district"]
    outlines = {d: _outline(d, children) for d in local}
    doc_w = {d: box_width(labels[d], DOC_FONT) for d in levels}
    upper = [r for r in ROWS[:-1] if r in levels.values()]
    shelves, per_doc = _arrange(local, outlines, doc_w, len(upper), breaks)
    widths = [_shelf_width(shelf, {d: _group_width(doc_w[d], per_doc[d]) for d in shelf})
              for shelf in shelves]
    y = 0.0  # the district row; the upper rows go above it (_place_upstream)
    for shelf, shelf_width in zip(shelves, widths, strict=True):
        layout.rows.setdefault("district", y)
        x, rows = (max(widths) - shelf_width) / 2, 0
        for doc in shelf:
            rows = max(rows, _place_group(doc, outlines[doc], per_doc[doc], doc_w[doc], x, y,
                                          layout))
            x += _group_width(doc_w[doc], per_doc[doc]) + BOX_GAP
        layout.shelves.append([y, y + DOC_HALF + rows * ROW, shelf])
        y += DOC_HALF + rows * ROW + LEVEL_GAP
    _place_upstream(levels, relations, doc_w, layout)
    return layout


def _group_width(doc_width: float, columns: int) -> float:
    """Width of a document with this many columns of sections under it."""
    return max(doc_width, columns * COLUMN + (columns - 1) * COLUMN_GAP)


def _shelf_width(shelf: Sequence[str], widths: Mapping[str, float]) -> float:
    """Width of a row of documents (each with its columns) side by side."""
    return sum(widths[d] for d in shelf) + BOX_GAP * (len(shelf) - 1)


def _place_group(doc: str, items: Sequence[tuple[str, int]], k: int, doc_width: float, x: float,
                 y: float, layout: LineageLayout) -> int:
    """Place a document at (x + half its group's width, y) and its sections in k columns under
    it; return the number of rows of its tallest column."""
    width = _group_width(doc_width, k)
    layout.pos[doc] = (round(x + width / 2, 1), y)
    shelf = len(layout.shelves)
    if not items:  # the document's tasks unfold under it
        layout.columns.append([round(x + width / 2, 1), y, [[doc, x + width / 2]], shelf])
        return 0
    height = math.ceil(len(items) / k)
    left = x + (width - (k * COLUMN + (k - 1) * COLUMN_GAP)) / 2
    for c in range(k):
        # the document heads its first column: tasks outside its sections unfold there
        column: list[list] = [[doc, layout.pos[doc][0], "head"]] if c == 0 else []
        for i, (item, depth) in enumerate(items[c * height:(c + 1) * height]):
            w = COLUMN - depth * INDENT
            cx = round(left + depth * INDENT + w / 2, 1)
            layout.widths[item] = w
            layout.pos[item] = (cx, y + DOC_HALF + (i + 0.5) * ROW)
            column.append([item, cx])
        layout.columns.append([round(left + COLUMN / 2, 1), y + DOC_HALF + ROW / 2, column, shelf])
        left += COLUMN + COLUMN_GAP
    return height


def _outline(doc: str, children: Mapping[str, Sequence[str]]) -> list[tuple[str, int]]:
    """The sections under doc in reading order, each with its depth (0 for a top-level one)."""
    out: list[tuple[str, int]] = []

    def walk(node: str, depth: int) -> None:
        for kid in children.get(node, ()):
            out.append((kid, depth))
            walk(kid, depth + 1)

    walk(doc, 0)
    return out


def _arrange(local: Sequence[str], outlines: Mapping[str, list], doc_w: Mapping[str, float],
             upper: int, breaks: Collection[str] = frozenset(),
             most_shelves: int = 40) -> tuple[list[list[str]], dict[str, int]]:
    """District documents on shelves (in the order given) and the columns of sections under
    each: of every tallest column allowed and every number of shelves, the arrangement giving
    the drawing the canvas's shape (the largest zoom at which it all fits); one shelf unless
    more make it larger by a tenth."""
    counts = {d: len(outlines[d]) for d in local}
    best: tuple[float, list[list[str]], dict[str, int]] = (
        -1.0, _fill(local, doc_w, math.inf, breaks), {d: 1 if counts[d] else 0 for d in local})
    # tallest columns first, fewest shelves first: of equal zooms, the simplest arrangement
    for tallest in range(max(counts.values(), default=0), 0, -1):
        ks = {d: math.ceil(n / tallest) for d, n in counts.items()}
        widths = {d: _group_width(doc_w[d], ks[d]) for d in local}
        rows = {d: math.ceil(n / ks[d]) if n else 0 for d, n in counts.items()}
        total = _shelf_width(local, widths)
        for n in range(1, min(len(local), most_shelves) + 1):
            shelves = _fill(local, widths, max(max(widths.values()), total / n), breaks)
            width = max(_shelf_width(shelf, widths) for shelf in shelves)
            height = upper * LEVEL_GAP + sum(DOC_HALF + ROW * max(rows[d] for d in shelf)
                                             + LEVEL_GAP for shelf in shelves)
            zoom = min(ASPECT / width, 1 / height) / (1.1 if len(shelves) > 1 else 1.0)
            if zoom > best[0]:
                best = (zoom, shelves, ks)
    return best[1], best[2]


def _fill(local: Sequence[str], widths: Mapping[str, float], limit: float,
          breaks: Collection[str] = frozenset()) -> list[list[str]]:
    """Documents in order on shelves no wider than limit (a wider one alone on its shelf), a
    document of ``breaks`` first on a new one."""
    shelves: list[list[str]] = []
    for doc in local:
        if shelves and doc not in breaks and _shelf_width([*shelves[-1], doc], widths) <= limit:
            shelves[-1].append(doc)
        else:
            shelves.append([doc])
    return shelves


def _place_upstream(levels: Mapping[str, str], relations: Sequence[tuple[str, str]],
                    doc_w: Mapping[str, float], layout: LineageLayout) -> None:
    """Each upper row above the district row, its boxes near the mean x of the boxes pointing
    at them, never touching; rows from the bottom up (a national policy follows the municipal
    ones implementing it); a row wider than the district row wraps onto bands above it."""
    readers: dict[str, list[str]] = defaultdict(list)
    for source, target in relations:
        readers[target].append(source)
    placed = [(layout.pos[d][0], doc_w[d]) for d in levels if levels[d] == "district"]
    if placed:
        layout.span = (min(x - w / 2 for x, w in placed), max(x + w / 2 for x, w in placed))
    limit = max(layout.span[1] - layout.span[0], max(doc_w.values(), default=0.0))
    y = 0.0
    for row in reversed(ROWS[:-1]):
        wanted = []
        for doc in (d for d in levels if levels[d] == row):
            xs = [layout.pos[r][0] for r in readers.get(doc, []) if r in layout.pos]
            wanted.append((doc, sum(xs) / len(xs) if xs else 0.0))
        if not wanted:
            continue
        wanted.sort(key=lambda w: (w[1], w[0]))
        bands = _fill([d for d, _ in wanted], doc_w, limit)
        at = dict(wanted)
        for band in bands:
            y -= LEVEL_GAP
            layout.rows.setdefault(row, y)
            boxes = [(d, at[d], doc_w[d]) for d in band]
            for doc, x in pack_row(boxes, BOX_GAP, layout.span if placed else None).items():
                layout.pos[doc] = (x, y)
    layout.top = y


def clause_bands(wanted: Sequence[tuple[str, float]], layout: LineageLayout) -> None:
    """Upstream clauses (node, wanted x) as boxes COLUMN wide in bands above the top row: as
    many to a band as the district row's span holds, lower bands for the clauses further left."""
    span = layout.span
    per_band = max(1, int((span[1] - span[0] + COLUMN_GAP) // (COLUMN + COLUMN_GAP)))
    ordered = sorted(wanted, key=lambda w: (w[1], w[0]))
    top = layout.top - LEVEL_GAP
    for band, start in enumerate(range(0, len(ordered), per_band)):
        boxes = [(node, x, COLUMN) for node, x in ordered[start:start + per_band]]
        for node, x in pack_row(boxes, COLUMN_GAP, span).items():
            layout.pos[node] = (x, top - band * ROW)
            layout.widths[node] = COLUMN
