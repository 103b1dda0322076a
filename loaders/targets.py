"""Quantitative targets in running text: ``到2025年，全区畜禽粪污资源化利用率达到90%以上``.

A passage is read clause by clause (``，；。``) with bounded patterns only, so the time is linear
in its length. Within a clause: a 分别 list pairs names and values in order (a shared measure word
at the end of the last name goes to every name); a list of names before one value is one target
per name; a ``X 2个、Y 18家`` series keeps every item; comparators (以上, 不低于, 左右, 控制在 …),
the direction of a change (下降 14.5%) and its base year (比2020年) are kept. Values are exact
decimals from the text's digits.

>>> [(t.indicator, str(t.value), t.unit, t.year, t.comparator) for t in find_targets(
...     "到2025年，全区畜禽粪污资源化利用率达到90%以上，化肥、农药利用率稳定在43%以上。")]
[('畜禽粪污资源化利用率', '90', '%', 2025, '≥'), ('化肥利用率', '43', '%', 2025, '≥'), ('农药利用率', '43', '%', 2025, '≥')]
>>> [(t.indicator, str(t.value), t.unit) for t in find_targets(
...     "绿色防控、统防统治覆盖率分别达到45%、50%")]
[('绿色防控覆盖率', '45', '%'), ('统防统治覆盖率', '50', '%')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from policykg.loaders.records import Target

# longest first: the alternation takes the first that matches
_UNITS = (
    r"%|％|‰|个百分点|万千瓦时|亿千瓦时|千瓦时|万千瓦|千瓦|兆瓦|万千伏安|千伏安|万吨标准煤|吨标准煤|"
    r"万吨/年|吨/年|万吨/日|吨/日|万吨|吨|微克/立方米|毫克/升|立方米/日|亿立方米|"
    r"蒸吨/小时|万亩|亩|公顷|万平方米|平方米|平方公里|万立方米|立方米|公里|千米|米|亿元|万元|元|万辆|辆|"
    r"万人次|人次|万人|人|万户|户|个|家|座|台|套|所|项|条|处|天|艘|张|mg/L|∶1|:1"
)
_QUALIFIER = r"以上|以下|以内|左右"
_VALUE = re.compile(
    r"(?<![\d.])(?P<value>\d{1,12}(?:\.\d{1,8})?)\s{0,2}(?P<unit>" + _UNITS + r")\s{0,2}"
    r"(?:及)?(?P<qual>" + _QUALIFIER + r")?"
)
# 指标 + 比较词 + 数值(、数值…): 利用率达到90%以上; 减排量分别达到2133.3吨、89.85吨
_COMPARE_VERB = re.compile(
    r"(?P<verb>提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|下降到|下降至|降低到|降低至|"
    r"减少到|减少至|降至|控制在|稳定在|保持在|维持在|不低于|不少于|不高于|不超过|达到|超过|高于|低于|"
    r"保持|提高|提升|增长|增加|下降|降低|减少|压减|缩减|达)\s{0,2}(?P<pre>至少|约)?\s{0,2}(?=\d)"
)
# 动词 + 对象 + 数值: 新增新能源装机20万千瓦以上, 建成市级绿色园区2个、市级绿色工厂18家
_COUNT_VERB = re.compile(r"新增|建成|创建|建设|完成|发展|培育|巩固|新建|推广|打造|盘活|引进")
_CLAUSE = re.compile(r"[^，,；;。！？!?：:\n]{1,2000}")
_YEAR = re.compile(r"(?:到|至|截至|截止)\s{0,2}(\d{4})\s{0,2}年|(\d{4})\s{0,2}年\s{0,2}(?:前|底|起|末)")
_PERIOD = re.compile(r"“?十四五”?(?:期间|时期|末)")
_BASE = re.compile(r"(?:比|较)\s{0,2}(?:(?P<year>\d{4})\s{0,2}年|上年|上一年|去年|同期)(?:底|末|同期)?(?:水平)?$")
_NAME_NOISE = re.compile(
    r"^(?:(?:到|至)?\s{0,2}\d{4}\s{0,2}年(?:底|末)?|“?十四五”?(?:期间|时期|末)|全区|全县|全市|全省|全镇|"
    r"我区|我县|我市|城区|力争|确保|实现|其中|并|且|使|的|基本|、)+"
)
_STRIVE = re.compile(r"力争")
_MEASURE_START = re.compile(
    r"占|使用|重点|综合|利用|覆盖|比例|比重|排放|减排|面积|总量|产量|数量|能耗|强度|浓度|达标|处理|回收|"
    r"普及|参保|收入|增加值|产值|规模|装机|贷款|投资|人数|率"
)
# 化学需氧量 is a substance, 排放量 a measure: a bare 量 does not make a name a measure
_MEASURE_END = re.compile(
    r"(?:率|排放量|用量|消费量|产量|总量|数量|比例|比重|占比|能耗|强度|指数|浓度|面积|数|值|额|规模|收入|"
    r"容量)$"
)
_COMPARATORS = {
    "不低于": "≥",
    "不少于": "≥",
    "超过": ">",
    "高于": ">",
    "低于": "<",
    "不高于": "≤",
    "不超过": "≤",
    "控制在": "≤",
}
_QUALIFIERS = {"以上": "≥", "以下": "≤", "以内": "≤", "左右": "≈"}
_DECREASE = {"下降", "降低", "减少", "压减", "缩减"}
_INCREASE = {"提高", "提升", "增长", "增加"}


@dataclass(frozen=True)
class _Value:
    start: int
    end: int
    value: Decimal
    unit: str
    qual: str | None


def find_targets(text: str, line: int | None = None) -> list[Target]:
    """Every quantitative target in a passage, each with the year in force where it stands.

    ``line`` is the file line of the passage's first line: each target gets its own line.
    """
    targets: list[Target] = []
    # one pass over the year marks and line breaks: each clause reads only what precedes it
    marks = sorted([(m.end(), int(m.group(1) or m.group(2))) for m in _YEAR.finditer(text)]
                   + [(m.end(), 2025) for m in _PERIOD.finditer(text)])
    year, mark, evidence, counted = None, 0, line, 0
    for clause in _CLAUSE.finditer(text):
        while mark < len(marks) and marks[mark][0] <= clause.end():
            year, mark = marks[mark][1], mark + 1
        if evidence is not None:
            evidence += text.count("\n", counted, clause.start())
            counted = clause.start()
        targets += _clause_targets(clause.group(), year, evidence)
    return targets


def _clause_targets(clause: str, year: int | None, line: int | None) -> list[Target]:
    values = [_value(m) for m in _VALUE.finditer(clause)]
    values = [v for v in values if not clause.startswith("的", v.end)]  # 低于100mg/L的污水厂: a condition
    if not values:
        return []
    strive = bool(_STRIVE.search(clause))
    starts = {v.start: v for v in values}
    out: list[tuple[int, Target]] = []
    used: set[int] = set()
    start = 0
    for verb in _COMPARE_VERB.finditer(clause):
        run = _run(starts, verb.end(), clause)
        if not run or run[0].start in used:
            continue
        head = clause[start : verb.start()]
        out += _compared(head, verb.group("verb"), verb.group("pre"), run, year, line, strive)
        used.update(v.start for v in run)
        start = run[-1].end
    out += _counted(clause, [v for v in values if v.start not in used], year, line, strive)
    return [t for _, t in sorted(out, key=lambda pair: pair[0])]


def _value(match: re.Match[str]) -> _Value:
    unit = match.group("unit").replace("％", "%").replace(":", "∶")
    return _Value(match.start(), match.end(), Decimal(match.group("value")), unit, match.group("qual"))


def _run(values: dict[int, _Value], at: int, clause: str) -> list[_Value]:
    """The values starting at ``at`` and joined by 、: 2133.3吨、89.85吨、1614吨."""
    run = [values[at]] if at in values else []
    while run:
        end = run[-1].end
        nxt = values.get(end + 1) or values.get(end + 2)
        if nxt is None or clause[end : nxt.start].strip() not in ("、", "和", "及"):
            break
        run.append(nxt)
    return run


def _compared(head: str, verb: str, pre: str | None, run: list[_Value], year: int | None,
              line: int | None, strive: bool) -> list[tuple[int, Target]]:
    name = _NAME_NOISE.sub("", re.sub(r"\s+", "", head))
    respectively = "分别" in name[-14:]  # 分别比2020年下降 or 比2020年分别下降
    name = name[:-14] + name[-14:].replace("分别", "") if respectively else name
    base = _BASE.search(name)
    base_year = int(base.group("year")) if base and base.group("year") else None
    name = name[: base.start()] if base else name
    names = _names(name) if respectively or len(run) == 1 else [name]
    if len(names) != len(run):
        names = names if len(run) == 1 else [name] * len(run)
    direction = "decrease" if verb in _DECREASE else "increase" if verb in _INCREASE else None
    out = []
    for value, label in _pairs(names, run):
        if len(label) < 2:
            continue
        comparator = _QUALIFIERS.get(value.qual or "") or _COMPARATORS.get(verb, "=")
        if pre == "至少":
            comparator = "≥"
        elif pre == "约":
            comparator = "≈"
        out.append((value.start, Target(label, value.value, value.unit, year, comparator,
                                        direction, base_year, strive, line)))
    return out


def _pairs(names: list[str], run: list[_Value]) -> list[tuple[_Value, str]]:
    if len(run) == 1:
        return [(run[0], n) for n in names]
    return list(zip(run, names, strict=True))


def _names(head: str) -> list[str]:
    """A list of names sharing the measure word written only on the last one.

    >>> _names("溶剂型工业涂料、溶剂型油墨使用比例")
    ['溶剂型工业涂料使用比例', '溶剂型油墨使用比例']
    >>> _names("单位地区生产总值能源消耗")
    ['单位地区生产总值能源消耗']
    """
    parts = [p for p in head.split("、") if p]
    if len(parts) < 2 or any(len(p) > 20 or "等" in p for p in parts):
        return [head]
    last = parts[-1]
    measure = _MEASURE_START.search(last, 1)
    suffix = last[measure.start() :] if measure else ""
    return [p if (not suffix or _MEASURE_END.search(p)) else p + suffix for p in parts[:-1]] + [last]


def _counted(clause: str, values: list[_Value], year: int | None, line: int | None,
             strive: bool) -> list[tuple[int, Target]]:
    """Counts after a verb, alone or in a series: 建成市级绿色园区2个、市级绿色工厂18家."""
    out: list[tuple[int, Target]] = []
    verb = ""
    start = 0
    pending: list[tuple[_Value, str]] = []  # 巩固31个、新建25个美丽宜居乡村: the thing counted comes after
    for value in values:
        if value.unit in ("%", "‰", "个百分点"):
            start = value.end
            continue  # 新建建筑100%执行…: a share, not a count
        segment = re.sub(r"\s+", "", clause[start : value.start])
        found = None
        for found in _COUNT_VERB.finditer(segment):  # noqa: B007 - the last verb governs
            continue
        if found is not None:
            verb, segment = found.group(), segment[found.end() :]
        elif not (verb and segment.startswith("、")):
            verb, start = "", value.end  # no verb governs this number: not a target
            continue
        name = _NAME_NOISE.sub("", segment.lstrip("、"))
        if name in ("", "至少", "累计", "约", "超过", "不少于"):
            after = re.match(r"[^、，,；;。\d]{2,24}", clause[value.end :])
            if after is None:
                pending.append((value, verb))
                start = value.end
                continue
            name = after.group()
            for waiting, its_verb in pending:
                out.append((waiting.start, Target(its_verb + name, waiting.value, waiting.unit,
                                                  year, line=line, strive=strive)))
            pending = []
        if len(name) > 24:
            start = value.end
            continue
        comparator = _QUALIFIERS.get(value.qual or "", "=")
        out.append((value.start, Target(verb + name, value.value, value.unit, year, comparator,
                                        line=line, strive=strive)))
        start = value.end
    return out
