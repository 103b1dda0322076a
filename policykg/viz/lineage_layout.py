"""Where the lineage view puts its boxes: documents in one row per level (national, municipal,
not in the graph, district), each district document's sections in columns under it.

Sizes are in page pixels at zoom 1. The number of section columns under each document is chosen
so that the whole drawing has the shape of the canvas (a 1400 × 900 window less the side panel),
which makes the initial fit as large, and the labels as legible, as the corpus allows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
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
ROWS = ("national", "municipal", "unknown", "district")


@dataclass
class LineageLayout:
    """Positions of every document, proposal and section; section box widths; the columns."""

    pos: dict[str, tuple[float, float]] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)  # section → box width
    # [x of the column's centre, y of its first item, [[item, x], ...]]: the page restacks a
    # column when a section's tasks unfold
    columns: list[list] = field(default_factory=list)
    rows: dict[str, float] = field(default_factory=dict)  # level → y of its row
    span: tuple[float, float] = (0.0, 0.0)  # x from the left of the district row to its right


def lineage_layout(levels: Mapping[str, str], labels: Mapping[str, str],
                   relations: Sequence[tuple[str, str]],
                   children: Mapping[str, Sequence[str]]) -> LineageLayout:
    """Layout of documents (``levels``: IRI → row name, proposals in 'unknown') labelled
    ``labels``, joined by ``relations`` (source, target), with ``children`` (document or section
    → its sections in reading order) under the district documents, which come in the order given.
    """
    layout = LineageLayout()
    local = [d for d in levels if levels[d] == "district"]
    outlines = {d: _outline(d, children) for d in local}
    doc_w = {d: box_width(labels[d], DOC_FONT) for d in levels}
    per_doc = _columns_per_doc(local, outlines, doc_w, [r for r in ROWS if r in levels.values()])
    y = 0.0
    for row in ROWS:
        if row in levels.values():
            layout.rows[row] = y
            y += LEVEL_GAP
    district_y = layout.rows.get("district", y)
    x = 0.0
    for doc in local:
        items, k = outlines[doc], per_doc[doc]
        width = max(doc_w[doc], k * COLUMN + (k - 1) * COLUMN_GAP) if k else doc_w[doc]
        layout.pos[doc] = (round(x + width / 2, 1), district_y)
        if not items:  # the document's tasks unfold under it
            layout.columns.append([round(x + width / 2, 1), district_y, [[doc, x + width / 2]]])
        height = math.ceil(len(items) / k) if k else 0
        left = x + (width - (k * COLUMN + (k - 1) * COLUMN_GAP)) / 2
        for c in range(k):
            column = []
            for i, (item, depth) in enumerate(items[c * height:(c + 1) * height]):
                w = COLUMN - depth * INDENT
                cx = round(left + depth * INDENT + w / 2, 1)
                layout.widths[item] = w
                layout.pos[item] = (cx, district_y + DOC_HALF + (i + 0.5) * ROW)
                column.append([item, cx])
            layout.columns.append([round(left + COLUMN / 2, 1), district_y + DOC_HALF + ROW / 2,
                                   column])
            left += COLUMN + COLUMN_GAP
        x += width + BOX_GAP
    _place_upstream(levels, relations, doc_w, layout)
    return layout


def _outline(doc: str, children: Mapping[str, Sequence[str]]) -> list[tuple[str, int]]:
    """The sections under doc in reading order, each with its depth (0 for a top-level one)."""
    out: list[tuple[str, int]] = []

    def walk(node: str, depth: int) -> None:
        for kid in children.get(node, ()):
            out.append((kid, depth))
            walk(kid, depth + 1)

    walk(doc, 0)
    return out


def _columns_per_doc(local: Sequence[str], outlines: Mapping[str, list], doc_w: Mapping[str, float],
                     rows: Sequence[str]) -> dict[str, int]:
    """Columns of sections under each district document: the tallest column allowed is the one
    giving the drawing the canvas's shape (the largest zoom at which it all fits)."""
    counts = {d: len(outlines[d]) for d in local}
    above = (len(rows) - 1) * LEVEL_GAP + 2 * DOC_HALF
    best: tuple[float, dict[str, int]] = (-1.0, {d: 1 if counts[d] else 0 for d in local})
    for tallest in range(1, max(counts.values(), default=0) + 1):
        ks = {d: math.ceil(n / tallest) for d, n in counts.items()}
        width = sum(max(doc_w[d], ks[d] * COLUMN + (ks[d] - 1) * COLUMN_GAP) for d in local)
        width += BOX_GAP * (len(local) - 1)
        height = above + ROW * max((math.ceil(n / ks[d]) for d, n in counts.items() if n),
                                   default=0)
        zoom = min(ASPECT / width, 1 / height)
        if zoom > best[0]:
            best = (zoom, ks)
    return best[1]


def _place_upstream(levels: Mapping[str, str], relations: Sequence[tuple[str, str]],
                    doc_w: Mapping[str, float], layout: LineageLayout) -> None:
    """Each upper row's boxes near the mean x of the boxes pointing at them, rows from the
    bottom up (a national policy follows the municipal ones implementing it), never touching."""
    readers: dict[str, list[str]] = defaultdict(list)
    for source, target in relations:
        readers[target].append(source)
    placed = [(layout.pos[d][0], doc_w[d]) for d in levels if levels[d] == "district"]
    span = (min(x - w / 2 for x, w in placed), max(x + w / 2 for x, w in placed)) if placed \
        else None
    layout.span = span or layout.span
    for row in ("unknown", "municipal", "national"):
        wanted = []
        for doc in (d for d in levels if levels[d] == row):
            xs = [layout.pos[r][0] for r in readers.get(doc, []) if r in layout.pos]
            wanted.append((doc, sum(xs) / len(xs) if xs else 0.0, doc_w[doc]))
        for doc, x in pack_row(wanted, BOX_GAP, span).items():
            layout.pos[doc] = (x, layout.rows[row])


def clause_bands(wanted: Sequence[tuple[str, float]], layout: LineageLayout) -> None:
    """Upstream clauses (node, wanted x) as boxes COLUMN wide in bands above the top row: as
    many to a band as the district row's span holds, lower bands for the clauses further left."""
    span = layout.span
    per_band = max(1, int((span[1] - span[0] + COLUMN_GAP) // (COLUMN + COLUMN_GAP)))
    ordered = sorted(wanted, key=lambda w: (w[1], w[0]))
    top = min(layout.rows.values(), default=0.0) - LEVEL_GAP
    for band, start in enumerate(range(0, len(ordered), per_band)):
        boxes = [(node, x, COLUMN) for node, x in ordered[start:start + per_band]]
        for node, x in pack_row(boxes, COLUMN_GAP, span).items():
            layout.pos[node] = (x, top - band * ROW)
            layout.widths[node] = COLUMN
