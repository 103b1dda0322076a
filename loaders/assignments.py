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

# A label and its value: 牵头单位：X, 主要责任单位：X, 责任领导：张三, 完成时限：6月底. Labels are
# recognised by their last word, so 牵头责任单位 / 协同责任单位 / 部门分工 need no list of their own.
_LABEL = re.compile(
    r"^(?P<label>[\u4e00-\u9fff]{0,8}?(?:单位|部门|主体|分工|领导|责任人|联系人|时限|节点|时间))"
    r"\s*[:：]\s*(?P<units>.*)$"
)
# Labels whose values are people or dates, never agencies.
_IGNORED_LABEL = re.compile(r"领导|责任人|联系人|时限|节点|时间")
_LABEL_ROLES = (
    (re.compile(r"协办|会办"), "co_handler"),
    (re.compile(r"牵头|主办|主责|承办"), "lead"),
    (re.compile(r"配合|参与|协同|协作|协助"), "co"),
)
# A marker after the units: X牵头 / X等按职责分工负责 / X负责 / X配合
_MARKER = re.compile(
    r"^(?:由)?(?P<units>.+?)(?:等)?(?P<marker>共同牵头|牵头负责|牵头抓总|牵头落实|牵头|主办|"
    r"按职责分工负责落实|按职责分工负责|按职能分工负责|按职责负责|分工负责|共同负责|负责落实|具体负责|"
    r"负责|配合|参与|协办)$"
)
_MARKER_ROLE = {
    "共同牵头": "lead",
    "牵头负责": "lead",
    "牵头抓总": "lead",
    "牵头落实": "lead",
    "牵头": "lead",
    "主办": "lead",
    "配合": "co",
    "参与": "co",
    "协办": "co_handler",
}
_CLAUSE_SPLIT = re.compile(r"[；;，,。\n]+")
_GENERIC_TAIL = re.compile(r"等(?:有关|相关)?(?:部门|单位)$")
# Posts and titles are never units: 分管副区长, 常务副区长, 区委书记, 张三同志
_POST = re.compile(r"(?:长|书记|主任|委员|领导|同志|代表|总监|干部)$")
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
    parsed = _inherit_markers([_clause(c) for c in clauses])
    has_lead = any(role == "lead" for role, _ in parsed)
    has_marker = any(role is not None for role, _ in parsed)
    links: list[tuple[str, str, str]] = []  # (unit, role, basis)
    collective: list[str] = []
    unrecognised: list[str] = []
    unmarked: list[str] = []
    for role, units in parsed:
        agencies = _agencies_only(units, collective, unrecognised)
        if role == "ignore":
            continue
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
    """Role word of one clause and its unit strings; role None when the clause has no marker.

    Roles: lead / co / co_handler (said outright), ``listed`` (a 责任单位 label), ``shared``
    (负责 / 按职责分工负责), ``ignore`` (a person or date field), None (no marker at all).
    """
    label = _LABEL.match(clause)
    if label:
        name = label.group("label")
        if _IGNORED_LABEL.search(name):
            return "ignore", []
        role = next((r for pattern, r in _LABEL_ROLES if pattern.search(name)), "listed")
        value = _MARKER.match(label.group("units"))
        if role == "listed" and value:  # 部门分工：区市场监管局负责
            return _MARKER_ROLE.get(value.group("marker"), "shared"), split_units(value.group("units"))
        return role, split_units(label.group("units"))
    marker = _MARKER.match(clause)
    if marker:
        word = marker.group("marker")
        return _MARKER_ROLE.get(word, "shared"), split_units(marker.group("units"))
    return None, split_units(clause)


def _inherit_markers(
    parsed: list[tuple[str | None, list[str]]],
) -> list[tuple[str | None, list[str]]]:
    """An unmarked group before a marked one shares its marker: ``X牵头，A、B等部门，C配合``."""
    out = list(parsed)
    following: str | None = None
    for i in range(len(out) - 1, -1, -1):
        role, units = out[i]
        if role is None and following in ("co", "co_handler", "shared"):
            out[i] = (following, units)
        elif role is not None:
            following = role if role != "lead" and role != "ignore" else None
    return out


def _agencies_only(units: list[str], collective: list[str], unrecognised: list[str]) -> list[str]:
    agencies = []
    level = ""
    for unit in units:
        unit = _GENERIC_TAIL.sub("", unit) or unit
        kind = classify(unit)
        if "各" in unit[1:]:  # 指挥部各工作组, 市直各相关部门: a body's parts, collectively
            kind = "collective"
        if kind == "agency" or (kind == "unknown" and len(unit) >= 4 and not _POST.search(unit)):
            if not level and unit[:1] in _LEVELS:
                level = unit[0]
            agencies.append(unit)
        elif kind == "collective":
            collective.append(unit)
        if kind == "unknown":  # kept (a company, a unit of a place unknown to us) and flagged
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
    out: dict[tuple[str | None, str], Assignment] = {}
    level = next((u[0] for u, _, _ in links if u[:1] in "区县省市"), "")
    for unit, role, basis in links:
        name = resolve(unit, district, inherited_level=level)
        if (name.district, name.key) in out:  # keys are local: 江岸区 and 江汉区 each have 人民政府
            continue
        out[name.district, name.key] = Assignment(
            agency=unit,
            canonical=name.canonical,
            role=role,
            basis=basis,
            agency_type=name.type,
            line=line,
            key=name.key,
            district=name.district or district,
            recognised=name.recognised,
        )
    return list(out.values())


# Unit-first prose, one sentence at a time: 区发改委负责…；由X牵头，Y负责…；X要会同Y…；具体工作由X牵头负责
_PROSE = (
    re.compile(r"^(?:具体工作)?由(?P<units>[^，,。；;由]{2,40}?)(?P<marker>牵头负责|牵头|负责)"),
    re.compile(r"^(?P<units>[^，,。；;：:]{2,40}?)(?:要|应|应当)?(?P<marker>牵头负责|牵头|负责)"),
    re.compile(r"^(?P<units>[^，,。；;：:]{2,40}?)(?:要|应)?会同(?P<co>[^，,。；;]{2,80})"),
)
_COLLECTIVE_PROSE = re.compile(r"^(?P<units>各[^，,。；;：:]{1,12}?)(?:要|应)?(?:负责|落实)")
_UNIT_END = re.compile(r"(?:局|委|办|厅|院|会|府|心|部|所|队|站|处|室|社|联|行)(?=[^、]|$)")
_SENTENCE = re.compile(r"[^。；;！？\n]+")  # a line break ends a clause too: lines of a PDF column


def prose_statement(text: str) -> str | None:
    """The responsibility a passage of prose states with its units first, as a statement.

    >>> prose_statement("加强督导。市发展改革委负责工作任务的统一督导调度。")
    '市发展改革委负责'
    >>> prose_statement("由区发改委牵头，区财政局负责资金保障。")
    '区发改委牵头；区财政局负责'
    >>> prose_statement("区经济信息委要会同区财政局等部门，制定方案。")
    '区经济信息委牵头；区财政局配合'
    >>> prose_statement("各部门要加强协作。") is None
    True
    """
    parts = []
    for sentence in _SENTENCE.findall(text):
        for clause in re.split(r"[，,]", sentence.strip()):
            clause = clause.strip()
            for pattern in _PROSE:
                match = pattern.match(clause if "会同" not in pattern.pattern else sentence.strip())
                if match and _all_units(match.group("units")):
                    co = _units_prefix(match.group("co")) if "co" in pattern.groupindex else None
                    if co:
                        parts += [f"{match.group('units')}牵头", f"{co}配合"]
                    elif "marker" in pattern.groupindex:
                        parts.append(match.group("units") + match.group("marker"))
                    break
            collective = _COLLECTIVE_PROSE.match(clause)
            if parts and collective and classify(collective.group("units")) == "collective":
                parts.append(f"{collective.group('units')}负责")
    return "；".join(dict.fromkeys(parts)) or None


def _units_prefix(text: str) -> str | None:
    """The list of units a clause opens with, before its verb: 区交通运输局、区生态环境局开展… → the two."""
    text = _GENERIC_TAIL.sub("", re.split(r"等(?:有关|相关)?(?:部门|单位)", text)[0])
    head, _, last = text.rpartition("、")
    for end in _UNIT_END.finditer(last):
        unit = last[: end.end()]
        if classify(unit) == "agency":
            found = f"{head}、{unit}" if head else unit
            return found if _all_units(found) else None
    return None


def _all_units(text: str) -> bool:
    """Whether every part of a list names a unit and at least one names an agency."""
    units = split_units(text)
    if any(u.count("(") + u.count("（") != u.count(")") + u.count("）") for u in units):
        return False  # a list cut inside a bracket: 各旗县(市、区)人民政府
    kinds = [classify(_GENERIC_TAIL.sub("", u) or u) for u in units]
    return "agency" in kinds and all(k in ("agency", "collective") for k in kinds)


def is_label_line(line: str) -> bool:
    """Whether a line is a labelled field of an item: 牵头单位：X, 责任领导：张三, 完成时限：….

    >>> is_label_line("主要责任单位：区发展改革委"), is_label_line("牵头领导:常务副区长"), is_label_line("一、总体要求")
    (True, True, False)
    """
    return _LABEL.match(line) is not None


def is_responsibility(text: str) -> bool:
    """Whether a parenthetical is a responsibility statement rather than an aside like （重庆）."""
    inner = text.strip().strip("（）()[]【】").strip()
    if not inner:
        return False
    parsed = [_clause(c.strip()) for c in _CLAUSE_SPLIT.split(inner) if c.strip()]
    if any(_LABEL.match(c.strip()) for c in _CLAUSE_SPLIT.split(inner)) and any(
        role not in (None, "ignore") and units for role, units in parsed
    ):
        return True
    units = [u for role, us in parsed if role != "ignore" for u in us]
    kinds = [classify(_GENERIC_TAIL.sub("", u) or u) for u in units]
    if any(role is not None for role, _ in parsed):
        return any(k in ("agency", "collective") for k in kinds)
    return bool(units) and all(k in ("agency", "collective") for k in kinds)
