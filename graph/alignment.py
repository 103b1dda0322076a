"""Align a local document's sections, items and tasks with the clauses of an upstream one.

Stages, each recorded as the link's method:

1. ``reference`` — the unit's text cites the upstream document and a clause number
   (按照《…》第X条, 《…》（X）); ``title`` — its heading restates one clause's title (near-identical
   character n-grams, clear of the runner-up). These decide whatever the order.
2. ``similarity`` — the remaining headed units are aligned to clauses by an order-preserving
   dynamic programme over character n-gram TF-IDF similarity (headings, plus bodies where the
   outline has text): skipped, merged, renamed clauses and a constant numbering offset cost
   nothing but the pairs they lose.
3. ``order`` — a run of unmatched units sandwiched between two matched pairs, facing a run of
   unmatched clauses of the same length, takes them one for one (a renamed heading).
4. ``inherited`` — a task or item with no link of its own takes its section's.

A link is ``accepted``, or ``candidate`` when its score is low or the runner-up clause is close.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from policykg.loaders.numbering import chinese_number

# Headings compared without punctuation, spaces and the numbering itself.
_NOISE = re.compile(r"[\s\W_]+")
# A citation of the upstream document followed by a clause number: 《…》第十条 / 〔2021〕4号（十）.
_CLAUSE_REF = re.compile(
    r"(?:》|号)\s*(?:的)?\s*(?:第(?P<a>[一二三四五六七八九十\d]{1,4})条|[（(](?P<b>[一二三四五六七八九十]{1,4})[)）])"
)
TITLE_MIN = 0.6  # a heading this close to one clause's, clear of the rest, restates it
TITLE_MARGIN = 0.2
MATCH_MIN = 0.25  # below this similarity the programme leaves a pair out
ACCEPT_MIN = 0.35  # a similarity link scoring less is a candidate
ACCEPT_MARGIN = 0.08  # … as is one whose runner-up is this close


@dataclass(frozen=True)
class Unit:
    """A section, item, task or clause: its key, written path and heading, and its parent."""

    key: str
    path: str
    title: str
    parent: str | None = None
    body: str = ""
    kind: str = "section"  # section | task | clause


@dataclass(frozen=True)
class Link:
    """One local unit → upstream clause correspondence."""

    local: str
    upstream: str
    score: float
    method: str  # reference | title | similarity | order | inherited
    status: str  # accepted | candidate
    evidence: str


def normalise(text: str) -> str:
    """A heading without punctuation or spaces.

    >>> normalise("（四）推进工业绿色升级。")
    '四推进工业绿色升级'
    """
    return _NOISE.sub("", text)


def similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine similarity of character 1–2-gram TF-IDF vectors, ``left`` × ``right``."""
    return _similarity([normalise(t) or "∅" for t in left], [normalise(t) or "∅" for t in right])


def _similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """``similarity`` of texts already normalised (fitted on both sides, as each pair differs)."""
    # imported here: scikit-learn (with scipy) took ~2 s to import, paid by every report that
    # opened the store through graph.store, although only a build aligns clauses
    from sklearn import config_context
    from sklearn.feature_extraction.text import TfidfVectorizer

    # the checks of parameters and values cost a fifth of each small fit; ours are fixed and
    # the counts finite
    with config_context(skip_parameter_validation=True, assume_finite=True):
        vectors = TfidfVectorizer(analyzer="char", ngram_range=(1, 2),
                                  sublinear_tf=True).fit_transform([*left, *right])
    return (vectors[: len(left)] @ vectors[len(left) :].T).toarray()


def best_sums(gain: np.ndarray) -> np.ndarray:
    """The programme's table: best[i, j] is the best sum of gains pairing the first i rows with
    the first j columns in increasing order.

    >>> float(best_sums(np.array([[0.5, -0.1], [-0.1, 0.5]]))[2, 2])
    1.0
    """
    n, m = gain.shape
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        # best[i, j] = max(best[i-1, j], best[i, j-1], best[i-1, j-1] + gain): a row at a time,
        # the running maximum taking best[i, j-1] (the same sums and maxima as cell by cell)
        best[i, 1:] = np.maximum.accumulate(
            np.maximum(best[i - 1, 1:], best[i - 1, :-1] + gain[i - 1]))
    return best


def _order_preserving(scores: np.ndarray) -> list[tuple[int, int]]:
    """The pairs (i, j), increasing in both, that maximise the sum of ``scores - MATCH_MIN``."""
    best = best_sums(scores - MATCH_MIN)
    n, m = scores.shape
    pairs, i, j = [], n, m
    while i and j:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


class Upstream:
    """An upstream document's clauses and names, prepared once for every unit list aligned to it."""

    def __init__(self, clauses: Sequence[Unit], names: Sequence[str] = ()) -> None:
        self.clauses = tuple(clauses)
        self.names = tuple(name for name in names if name)
        self.heads = [normalise(c.title) for c in self.clauses]
        # bodies count only where the outline has text
        self.bodies = ([normalise(c.title + c.body) for c in self.clauses]
                       if any(c.body for c in self.clauses) else None)
        self.numbers = [chinese_number(c.path.rsplit("/", 1)[-1]) if c.parent is not None else None
                        for c in self.clauses]

    def referenced(self, unit: Unit) -> int | None:
        """The clause a unit's text points at by number, if the text cites this document."""
        if not any(name in unit.body for name in self.names):
            return None
        match = _CLAUSE_REF.search(unit.body or unit.title)
        if not match:
            return None
        value = chinese_number(match.group("a") or match.group("b"))
        return next((k for k, number in enumerate(self.numbers) if number == value), None)

    def scores(self, units: Sequence[Unit]) -> np.ndarray:
        """Similarity of each unit (heading, else text) with each clause (heading, and text)."""
        heads = _similarity([normalise(u.title or u.body) or "∅" for u in units],
                            [h or "∅" for h in self.heads])
        if self.bodies is None:
            return heads
        bodies = _similarity([normalise(u.title + u.body) or "∅" for u in units],
                             [b or "∅" for b in self.bodies])
        return np.maximum(heads, 0.5 * heads + 0.5 * bodies)

    def align(self, units: Sequence[Unit]) -> list[Link]:
        """Link each local unit (document order) to at most one clause (document order)."""
        if not units or not self.clauses:
            return []
        headed = [k for k, u in enumerate(units) if u.title or _CLAUSE_REF.search(u.body)]
        links: dict[int, Link] = {}
        if headed:
            links = _headed_links(units, self, headed, self.scores([units[k] for k in headed]))
        by_key = {units[i].key: link for i, link in links.items()}
        result: list[Link] = []
        for unit in units:
            link = by_key.get(unit.key)
            if link is None and unit.kind == "task":
                inherited = by_key.get(unit.parent or "")
                if inherited is not None:
                    link = Link(
                        unit.key, inherited.upstream, inherited.score, "inherited",
                        inherited.status, inherited.evidence,
                    )
                    by_key[unit.key] = link
            if link is not None:
                result.append(link)
        return result


def align(
    units: Sequence[Unit], clauses: Sequence[Unit], upstream_names: Sequence[str] = ()
) -> list[Link]:
    """Link each local unit (document order) to at most one upstream clause (document order).

    >>> clauses = [Unit("c1", "（一）", "推进工业绿色升级"), Unit("c2", "（二）", "加快农业绿色发展"),
    ...            Unit("c3", "（三）", "重点区域污染物减排工程"), Unit("c4", "（四）", "打造绿色物流")]
    >>> units = [Unit("s1", "（一）", "推进工业绿色升级"), Unit("s2", "（二）", "加快农业绿色发展"),
    ...          Unit("s3", "（三）", "成渝地区双城经济圈污染共治工程"), Unit("s4", "（四）", "打造绿色物流"),
    ...          Unit("t1", "（四）1", "", parent="s4", kind="task")]
    >>> [(k.local, k.upstream, k.method) for k in align(units, clauses)]
    [('s1', 'c1', 'title'), ('s2', 'c2', 'title'), ('s3', 'c3', 'order'), ('s4', 'c4', 'title'), ('t1', 'c4', 'inherited')]
    """
    return Upstream(clauses, upstream_names).align(units)


def _headed_links(
    units: Sequence[Unit], upstream: Upstream, headed: list[int], scores: np.ndarray
) -> dict[int, Link]:
    """Stages 1–3 over the units with a heading; keys are indexes into ``units``."""
    links: dict[int, Link] = {}
    clauses = upstream.clauses

    def link(row: int, col: int, method: str, score: float, status: str | None = None) -> None:
        others = np.delete(scores[row], col)
        runner_up = float(others.max()) if others.size else 0.0
        if status is None:
            close = score - runner_up < ACCEPT_MARGIN
            status = "candidate" if score < ACCEPT_MIN or close else "accepted"
        unit, clause = units[headed[row]], clauses[col]
        evidence = f"{unit.path} {unit.title} ~ {clause.path} {clause.title}"
        links[headed[row]] = Link(unit.key, clause.key, round(score, 3), method, status, evidence)

    fixed: set[int] = set()
    for row, k in enumerate(headed):
        unit = units[k]
        col = upstream.referenced(unit)
        if col is not None:
            link(row, col, "reference", 1.0, "accepted")
            fixed.add(row)
            continue
        order = np.argsort(scores[row])[::-1]
        top = float(scores[row, order[0]])
        second = float(scores[row, order[1]]) if len(order) > 1 else 0.0
        if normalise(unit.title) == upstream.heads[order[0]] and top > second:
            link(row, int(order[0]), "title", 1.0, "accepted")
            fixed.add(row)
        elif top >= TITLE_MIN and top - second >= TITLE_MARGIN:
            link(row, int(order[0]), "title", top)
            fixed.add(row)
    pairs = _order_preserving(scores)
    matched = set(pairs)
    for row, col in pairs:
        if row not in fixed:
            # one clause between two matched neighbours on both sides: the order vouches for it
            sandwiched = {(row - 1, col - 1), (row + 1, col + 1)} <= matched
            link(row, col, "similarity", float(scores[row, col]),
                 "accepted" if sandwiched else None)
    kinds = [units[k].kind for k in headed]
    for (r0, c0), (r1, c1) in pairwise(pairs):
        _fill_gap(range(r0 + 1, r1), range(c0 + 1, c1), kinds, fixed, scores, link)
    return links


def _fill_gap(rows, cols, kinds, fixed, scores, link) -> None:  # type: ignore[no-untyped-def]
    """Stage 3: a run of unmatched sections (else items) facing as many unmatched clauses."""
    free = [r for r in rows if r not in fixed]
    sections = [r for r in free if kinds[r] == "section"]
    run = sections or free  # items under a renamed section inherit from it
    # a longer run must share something with its clauses, or it is only a guess
    if not run or len(run) != len(cols):
        return
    if len(run) == 1 or all(scores[r, c] > 0 for r, c in zip(run, cols, strict=True)):
        for r, c in zip(run, cols, strict=True):
            link(r, c, "order", float(scores[r, c]), "accepted" if len(run) == 1 else "candidate")
