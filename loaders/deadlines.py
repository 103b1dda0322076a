"""Deadlines of tasks: a 完成时限 / 时间节点 cell or label, or a dated phrase in the task's text.

The normalised form is a year (``2025``), a month (``2023-06``) or a day (``2023-01-15``), with a
kind: ``by`` (due by the end of that date), ``during`` (a period: 全年, 2023—2025年) or ``ongoing``
(长期坚持, 持续推进: no end). The words stay as written. A phrase without its year (``6月底前``)
takes the document's year (``with_year``); nothing is invented where the text states no date.

>>> find_deadline("加快建立中介超市，5月底前实现上线运行。", year=2016)
Deadline(kind='by', date='2016-05', text='5月底前', start=None, line=None)
>>> parse_deadline("长期坚持").kind
'ongoing'
>>> parse_deadline("2023—2025年")
Deadline(kind='during', date='2025', text='2023—2025年', start='2023', line=None)
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from datetime import date

from policykg.loaders.records import Deadline, Task

_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:(?P<year>\d{4})\s{0,2}年)?"
_BEFORE = r"(?:前|之前|以前)"
_DONE = r"(?:前|之前|以前|前完成|完成|建成|实现)"
# in running text only what says "by": a dated 前 / 完成, 年底前, 年内 (到2025年 alone is a target's
# year); 每月25日前 and 每年年底前 recur and are not deadlines
_BY_TEXT = re.compile(
    r"(?<![每第年\d])(?:(?P<year>\d{4})\s{0,2}年)?\s{0,2}(?:"
    r"(?P<month>" + _NUM + r")\s{0,2}月\s{0,2}(?:(?P<day>" + _NUM + r")\s{0,2}日|底|末|份)?\s{0,2}"
    + _DONE + r"|(?P<yearend>(?(year)|年)(?:底|末))\s{0,2}" + _DONE
    + r"|(?P<within>(?(year)|年)内))"
)
_ONGOING = re.compile(r"^(?:长期|持续|常态化|按序时|按计划|按年度|逐年|每年|每季度|每月|久久为功)\S{0,6}$")
_PERIOD = re.compile(r"^(?P<start>\d{4})\s{0,2}年?\s{0,2}[—\-－~～至到]\s{0,2}(?P<end>\d{4})\s{0,2}年?(?:底|末)?$")
_WHOLE_YEAR = re.compile(
    r"^(?:(?P<year>\d{4})\s{0,2}年)?\s{0,2}(?:全年|全年度|年度|年?内|年?底|年?末)(?:前|之前)?$"
    r"|^(?P<bare>\d{4})\s{0,2}年$"
)
_QUARTER = re.compile(
    r"^" + _YEAR + r"\s{0,2}(?:第)?(?P<quarter>[一二三四1-4])\s{0,2}季度(?:末|底)?" + _BEFORE + r"?$"
)
_HALF = re.compile(r"^" + _YEAR + r"\s{0,2}(?P<half>上|下)半年" + _BEFORE + r"?$")
_MONTH_CELL = re.compile(
    r"^" + _YEAR + r"\s{0,2}(?P<month>" + _NUM + r")\s{0,2}月\s{0,2}(?:(?P<day>" + _NUM
    + r")\s{0,2}日|底|末|份)?\s{0,2}" + _BEFORE + r"?(?:完成|前完成)?$"
)
_FIFTEENTH = re.compile(r"^[“\"]?十四五[”\"]?(?:期间|时期|末)?$")
_CHINESE = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def find_deadline(text: str, line: int | None = None, year: int | None = None) -> Deadline | None:
    """The deadline a task's text states: the latest dated ``…前`` / 年底前 / 年内 in it, or None."""
    found = []
    for match in _BY_TEXT.finditer(text):
        deadline = _by(match, year, line + text.count("\n", 0, match.start()) if line else None)
        if deadline is not None:
            found.append(deadline)
    dated = [d for d in found if d.date]
    if dated:
        return max(dated, key=lambda d: due_date(d) or date.min)
    return found[-1] if found else None


def parse_deadline(cell: str, line: int | None = None, year: int | None = None) -> Deadline | None:
    """The deadline a 完成时限 cell or label states (the whole cell is the deadline), or None."""
    words = re.sub(r"\s+", "", cell).strip("。；;，,")
    if not words:
        return None
    if _ONGOING.match(words):
        return Deadline("ongoing", None, words, line=line)
    if _FIFTEENTH.match(words):
        return Deadline("during", "2025", words, start="2021", line=line)
    period = _PERIOD.match(words)
    if period:
        return Deadline("during", period.group("end"), words, start=period.group("start"), line=line)
    whole = _WHOLE_YEAR.match(words)
    if whole:
        stated = whole.group("year") or whole.group("bare")
        kind = "during" if re.search(r"全年|年度|^\d{4}年$", words) else "by"
        return Deadline(kind, stated or _text(year), words, line=line)
    quarter = _QUARTER.match(words)
    if quarter:
        q = int(quarter.group("quarter")) if quarter.group("quarter").isdigit() else _CHINESE[quarter.group("quarter")]
        return Deadline("by", _month(quarter.group("year"), year, q * 3), words, line=line)
    half = _HALF.match(words)
    if half:
        return Deadline("by", _month(half.group("year"), year, 6 if half.group("half") == "上" else 12),
                        words, line=line)
    month = _MONTH_CELL.match(words)
    if month:
        return _dated(month, words, year, line)
    return find_deadline(words, line, year)


def with_year(tasks: list[Task], year: int | None) -> list[Task]:
    """Tasks whose deadline lacks its year (6月底前) dated in the document's year."""
    if year is None:
        return tasks
    out = []
    for task in tasks:
        d = task.deadline
        if d is not None and d.kind != "ongoing" and d.date is None:
            dated = parse_deadline(d.text, d.line, year)
            if dated is not None and dated.date is not None:
                task = dataclasses.replace(task, deadline=dated)
        out.append(task)
    return out


def due_date(deadline: Deadline) -> date | None:
    """The last day the deadline allows: 2025 → 2025-12-31, 2023-06 → 2023-06-30.

    >>> due_date(Deadline("by", "2024-02", "2024年2月底前"))
    datetime.date(2024, 2, 29)
    """
    if not deadline.date:
        return None
    parts = [int(p) for p in deadline.date.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def _by(match: re.Match[str], year: int | None, line: int | None) -> Deadline | None:
    words = match.group().strip()
    if match.group("yearend") or match.group("within"):
        stated = match.group("year") or _text(year)
        return Deadline("by", stated, words, line=line)
    return _dated(match, words, year, line)


def _dated(match: re.Match[str], words: str, year: int | None, line: int | None) -> Deadline | None:
    month = _number(match.group("month"))
    day = _number(match.group("day")) if match.group("day") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    stated = match.group("year")
    if stated is None and year is None:
        return Deadline("by", None, words, line=line)
    y = int(stated) if stated else year
    assert y is not None
    if day is not None:
        day = min(day, calendar.monthrange(y, month)[1])
        return Deadline("by", f"{y:04d}-{month:02d}-{day:02d}", words, line=line)
    return Deadline("by", f"{y:04d}-{month:02d}", words, line=line)


def _month(stated: str | None, year: int | None, month: int) -> str | None:
    y = stated or _text(year)
    return f"{y}-{month:02d}" if y else None


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CHINESE.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CHINESE[tens] * 10 + _CHINESE.get(ones, 0)
    return _CHINESE.get(text, 0)


def _text(year: int | None) -> str | None:
    return str(year) if year else None
