"""Quantitative targets in running text: ``到2025年，全区畜禽粪污资源化利用率达到90%以上``.

>>> [(t.indicator, t.value, t.unit, t.year, t.comparator) for t in find_targets(
...     "到2025年，全区畜禽粪污资源化利用率达到90%以上，化肥农药使用量减少1%。")]
[('畜禽粪污资源化利用率', 90, '%', 2025, '≥'), ('化肥农药使用量减少', 1, '%', 2025, '=')]
"""

from __future__ import annotations

import re

from policykg.loaders.records import Target

_UNITS = (
    r"%|％|‰|万千瓦|千瓦|兆瓦|万吨标准煤|吨标准煤|万吨|吨|万亩|亩|万平方米|平方米|平方公里|公里|千米|"
    r"亿元|万元|元|万辆|辆|万人|人|个|家|座|台|套|户|所|项|条|处|天|年|蒸吨/小时|mg/L|∶1|:1"
)
_NUMBER = r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>" + _UNITS + r")\s*(?P<qual>以上|以下|左右|以内)?"
# 指标 + 比较词 + 数值: 利用率达到90%以上
_COMPARE = re.compile(
    r"(?P<name>[^，,；;。：:、（）()]*?)(?P<verb>达到|提高到|提高至|提升到|提升至|达|不低于|不少于|超过|高于|"
    r"低于|不高于|不超过|控制在|稳定在|保持在|保持|下降至|下降到|降低至|降低到|下降|降低|减少|增长|提高)\s*"
    + _NUMBER
)
# 动词 + 对象 + 数值: 新增新能源装机20万千瓦以上, 建成公共充电站10座
_COUNT = re.compile(
    r"(?P<verb>新增|建成|创建|建设|完成|发展|培育|巩固|新建|推广)(?P<name>[^，,；;。：:、\d（）()]{2,24}?)\s*"
    + _NUMBER
)
_YEAR = re.compile(r"(?:到|至|截至|截止)\s*(\d{4})\s*年|(\d{4})\s*年\s*(?:前|底|起|末)")
_PERIOD = re.compile(r"“?十四五”?(?:期间|时期|末)")
_NAME_NOISE = re.compile(
    r"^(?:(?:到|至)?\s*\d{4}\s*年(?:底|末)?|全区|全县|全市|我区|我县|城区|力争|确保|实现|其中|并|且|使|的)+"
    r"|分别$|比\d{4}年"
)
_QUALIFIERS = re.compile(r"^(?:至少|不少于|约|累计|超过)$")
_COMPARATORS = {
    "不低于": "≥",
    "不少于": "≥",
    "超过": ">",
    "高于": ">",
    "低于": "<",
    "不高于": "≤",
    "不超过": "≤",
}
_CHANGE_VERBS = {"下降", "降低", "减少", "增长", "提高"}


def find_targets(text: str) -> list[Target]:
    """Every quantitative target in a passage, each with the year in force where it stands."""
    targets: list[Target] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_COMPARE, _COUNT):
        for match in pattern.finditer(text):
            if any(s <= match.start("value") < e for s, e in spans) or text.startswith(
                "的", match.end()
            ):
                continue  # already read, or a condition (低于100mg/L的污水厂) rather than a target
            if pattern is _COUNT and match.group("unit") in ("%", "％"):
                continue  # 新建建筑100%执行…: a share, not a count
            target = _target(match, pattern is _COUNT, _year_before(text, match.start("verb")))
            if target:
                targets.append(target)
                spans.append((match.start("value"), match.end()))
    order = {id(t): s for t, (s, _) in zip(targets, spans, strict=True)}
    return sorted(targets, key=lambda t: order[id(t)])


def _target(match: re.Match[str], counted: bool, year: int | None) -> Target | None:
    verb = match.group("verb")
    name = re.sub(r"\s+", "", match.group("name"))
    name = _NAME_NOISE.sub("", _NAME_NOISE.sub("", name))
    if counted:
        if _QUALIFIERS.match(name):
            return None  # 创建至少1家…: the thing counted follows the number
        name = verb + name
    elif verb in _CHANGE_VERBS:
        name += verb
    if len(name) < 2:
        return None
    qual = match.group("qual")
    comparator = _COMPARATORS.get(verb, "=")
    if qual == "以上":
        comparator = "≥"
    elif qual in ("以下", "以内"):
        comparator = "≤"
    unit = match.group("unit").replace("％", "%").replace(":", "∶")
    value = float(match.group("value"))
    return Target(
        indicator=name,
        value=int(value) if value.is_integer() else value,
        unit=unit,
        year=year,
        comparator=comparator,
    )


def _year_before(text: str, position: int) -> int | None:
    """The target year in force at ``position``: the nearest 到YYYY年 or 十四五 (→ 2025) before it."""
    marks = [(m.start(), int(m.group(1) or m.group(2))) for m in _YEAR.finditer(text, 0, position)]
    marks += [(m.start(), 2025) for m in _PERIOD.finditer(text, 0, position)]
    return max(marks)[1] if marks else None
