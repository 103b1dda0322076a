"""Responsibility statements → assignments with roles, exactly as far as the text says.

Notations handled: a 责任单位 list with no marker (first listed = lead by
listing order); ``A、B牵头，C、D等按职责分工负责``; ``A、B等按职责分工负责`` (joint); ``X负责``;
``X牵头，Y配合``; ``牵头单位：X`` / ``责任单位：Y`` / ``配合单位`` / ``参与单位`` lines;
``[牵头单位:X;责任单位:Y]``; ``主办单位`` / ``协办单位``.

>>> found = parse_responsibility("区农业农村委牵头，区生态环境局、区供销社等按职责分工负责", "永川区")
>>> [(a.agency, a.role, a.basis) for a in found.assignments]
[('区农业农村委', 'lead', 'explicit'), ('区生态环境局', 'co', 'explicit'), ('区供销社', 'co', 'explicit')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.agencies import _LEVELS, classify, resolve, split_units
from policykg.loaders.records import Assignment

# A label naming the role of the units after it: 牵头单位：X
_LABEL = re.compile(
    r"^(?P<label>牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|参与部门|协办单位|主办单位|"
    r"承办单位|责任主体)\s*[:：]\s*(?P<units>.*)$"
)
_LABEL_ROLE = {
    "牵头": "lead",
    "主办": "lead",
    "承办": "lead",
    "配合": "co",
    "参与": "co",
    "协办": "co_handler",
    "责任": None,  # depends on whether a lead is named elsewhere
}
# A marker after the units: X牵头 / X等按职责分工负责 / X负责 / X配合
_MARKER = re.compile(
    r"^(?:由)?(?P<units>.+?)(?:等)?(?P<marker>共同牵头|牵头负责|牵头|主办|按职责分工负责|按职责负责|分工负责|"
    r"共同负责|负责落实|负责|配合|参与|协办)$"
)
_MARKER_ROLE = {
    "共同牵头": "lead",
    "牵头负责": "lead",
    "牵头": "lead",
    "主办": "lead",
    "配合": "co",
    "参与": "co",
    "协办": "co_handler",
}
_CLAUSE_SPLIT = re.compile(r"[；;，,。\n]+")
ROLE_WORDS = re.compile(r"牵头|负责|配合|参与|协办|主办|责任单位|承办")


@dataclass(frozen=True)
class Responsibility:
    """What a responsibility statement says: the assignments and the collective phrases."""

    assignments: tuple[Assignment, ...]
    collective: tuple[str, ...]
    unrecognised: tuple[str, ...] = ()


def parse_responsibility(
    text: str, district: str | None, line: int | None = None, listing_order: bool = True
) -> Responsibility:
    """Parse one responsibility statement (a cell, a parenthetical, label lines)."""
    text = text.strip().strip("（）()[]【】").strip()
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(text) if c.strip()]
    clauses = _merge_label_continuations(clauses)
    parsed = [_clause(c) for c in clauses]
    has_lead = any(role == "lead" for role, _ in parsed)
    has_marker = any(role is not None for role, _ in parsed)
    links: list[tuple[str, str, str]] = []  # (unit, role, basis)
    collective: list[str] = []
    unrecognised: list[str] = []
    unmarked: list[str] = []
    for role, units in parsed:
        agencies = _agencies_only(units, collective, unrecognised)
        if role == "shared":  # 按职责分工负责 / 负责 after a lead, or with none
            if has_lead:
                links += [(u, "co", "explicit") for u in agencies]
            elif len(agencies) == 1:
                links.append((agencies[0], "lead", "explicit"))
            else:
                links += [(u, "joint", "explicit") for u in agencies]
        elif role == "listed":  # 责任单位：… after a 牵头单位, or alone
            if has_lead:
                links += [(u, "co", "explicit") for u in agencies]
            else:
                unmarked += agencies
        elif role is None:
            if has_marker and has_lead:
                links += [(u, "co", "listing_order") for u in agencies]
            else:
                unmarked += agencies
        else:
            links += [(u, role, "explicit") for u in agencies]
    links += _by_listing_order(unmarked, listing_order)
    return Responsibility(
        assignments=tuple(_assign(links, district, line)),
        collective=tuple(dict.fromkeys(collective)),
        unrecognised=tuple(unrecognised),
    )


def _merge_label_continuations(clauses: list[str]) -> list[str]:
    """Keep ``责任单位：A，B`` together when a label's list was written with commas."""
    merged: list[str] = []
    for clause in clauses:
        if (
            merged
            and _LABEL.match(merged[-1])
            and not _LABEL.match(clause)
            and not ROLE_WORDS.search(clause)
        ):
            merged[-1] += "、" + clause
        else:
            merged.append(clause)
    return merged


def _clause(clause: str) -> tuple[str | None, list[str]]:
    """Role word of one clause and its unit strings; role None when the clause has no marker."""
    label = _LABEL.match(clause)
    if label:
        name = label.group("label")
        role = _LABEL_ROLE.get(name[:2], None)
        return (role if name[:2] != "责任" else "listed"), split_units(label.group("units"))
    marker = _MARKER.match(clause)
    if marker:
        word = marker.group("marker")
        return _MARKER_ROLE.get(word, "shared"), split_units(marker.group("units"))
    return None, split_units(clause)


def _agencies_only(units: list[str], collective: list[str], unrecognised: list[str]) -> list[str]:
    agencies = []
    level = ""
    for unit in units:
        kind = classify(unit)
        if kind == "agency":
            if not level and unit[:1] in _LEVELS:
                level = unit[0]
            agencies.append(unit)
        elif kind == "collective":
            collective.append(unit)
        elif kind == "unknown":
            unrecognised.append(unit)
    return agencies


def _by_listing_order(units: list[str], listing_order: bool) -> list[tuple[str, str, str]]:
    if len(units) == 1:
        return [(units[0], "lead", "explicit")]
    if not listing_order:
        return [(u, "joint", "explicit") for u in units]
    return [(u, "lead" if i == 0 else "co", "listing_order") for i, u in enumerate(units)]


def _assign(
    links: list[tuple[str, str, str]], district: str | None, line: int | None
) -> list[Assignment]:
    """Resolve units to agencies; a unit named twice keeps its first (strongest) role."""
    out: dict[str, Assignment] = {}
    level = next((u[0] for u, _, _ in links if u[:1] in "区县省市"), "")
    for unit, role, basis in links:
        name = resolve(unit, district, inherited_level=level)
        if name.key in out:
            continue
        out[name.key] = Assignment(
            agency=unit,
            canonical=name.canonical,
            role=role,
            basis=basis,
            agency_type=name.type,
            line=line,
            key=name.key,
            district=district,
        )
    return list(out.values())


def is_responsibility(text: str) -> bool:
    """Whether a parenthetical is a responsibility statement rather than an aside like （重庆）."""
    inner = text.strip().strip("（）()[]【】").strip()
    if not inner:
        return False
    if ROLE_WORDS.search(inner):
        units = split_units(_MARKER.sub(r"\g<units>", inner))
        return any(classify(u) in ("agency", "collective") for u in units)
    units = split_units(inner)
    return bool(units) and all(classify(u) in ("agency", "collective") for u in units)
