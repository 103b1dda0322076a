"""Numbering levels of official documents: 一、 → （一） → 1. → （1）, and 一是 / 二是.

>>> heading("（二）加快农业绿色发展。")
Heading(level=2, number='（二）', value=2, title='加快农业绿色发展', rest='', body='加快农业绿色发展。')
>>> heading("1．推进工业绿色升级。强化产业准入").title
'推进工业绿色升级'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "一二三四五六七八九十"
_DIGITS = "零一二三四五六七八九"
_PATTERNS = (
    (1, re.compile(rf"^(?P<num>[{_CN}]{{1,3}})\s*[、.．]\s*(?P<body>.*)$")),
    (2, re.compile(rf"^(?P<num>[（(]\s*[{_CN}]{{1,3}}\s*[）)])\s*(?P<body>.*)$")),
    (3, re.compile(r"^(?P<num>\d{1,3})\s*(?:[.．、](?!\d)|\s(?=[\u4e00-\u9fff]))\s*(?P<body>.*)$")),
    (4, re.compile(r"^(?P<num>[（(]\s*\d{1,3}\s*[）)])\s*(?P<body>.*)$")),
    (4, re.compile(r"^(?P<num>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(?P<body>.*)$")),
    # ——在深化改革上保持定力: the dash headings of work reports, under 一、 and above 1.
    (2, re.compile(r"^(?P<num>—{1,2}|-{2})\s*(?P<body>[^—-].{0,60})$")),
)
_ENUMERATION = re.compile(rf"^(?P<num>[{_CN}]{{1,3}})是(?P<body>.*)$")
_TITLE_END = re.compile(r"[。：:；;！!？?]")


@dataclass(frozen=True)
class Heading:
    """A numbered line: its level, number as written, numeric value, title and the text after."""

    level: int
    number: str
    value: int
    title: str
    rest: str
    body: str = ""  # everything after the number, as written


def chinese_number(text: str) -> int:
    """Value of a Chinese or Arabic numeral: 二十三 → 23, 十 → 10, 〇 → 0.

    >>> chinese_number("二十三"), chinese_number("十五"), chinese_number("12"), chinese_number("一百一十")
    (23, 15, 12, 110)
    """
    text = re.sub(r"[^\d〇零一二两三四五六七八九十百千①-⑳]", "", text)
    if text.isdecimal():  # '③'.isdigit() is true but int('③') fails
        return int(text)
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    if any(unit in text for unit in _UNITS):  # 一百零五: digit × unit, summed
        value = digit = 0
        for ch in text:
            if ch in _UNITS:
                value, digit = value + (digit or 1) * _UNITS[ch], 0
            else:
                digit = _CN_DIGITS.get(ch, 0)
        return value + digit
    value = 0
    for ch in text:
        value = value * 10 + _CN_DIGITS.get(ch, 0)
    return value


def chinese_numeral(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """A number written in Chinese, as Word's chineseCounting writes it (Arabic above 9999).

    >>> [chinese_numeral(n) for n in (1, 10, 12, 20, 23, 105, 110)]
    ['一', '十', '十二', '二十', '二十三', '一百零五', '一百一十']
    """
    if n <= 0 or n > 9999:
        return str(n)
    out, zero = "", False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        out += digits[digit] + (units[power - 1] if power else "")
    # 十二, not 一十二, when the number starts with the tens
    return out[1:] if 10 <= n < 20 and digits is _DIGITS else out


def heading(line: str) -> Heading | None:
    """Recognise a numbered line; title is the text up to the first full stop, rest the remainder."""
    line = line.strip()
    for level, pattern in _PATTERNS:
        match = pattern.match(line)
        if match and match.group("body"):
            number = match.group("num") + ("、" if level == 1 else "")
            return _make(level, number, match.group("body"))
    return None


def enumeration(line: str) -> Heading | None:
    """Recognise a 一是 / 二是 enumeration at the start of a paragraph (level 5)."""
    match = _ENUMERATION.match(line.strip())
    return _make(5, match.group("num") + "是", match.group("body")) if match else None


def _make(level: int, number: str, body: str) -> Heading:
    body = body.strip()
    stop = _TITLE_END.search(body)
    title, rest = (body[: stop.start()], body[stop.end() :].strip()) if stop else (body, "")
    return Heading(
        level, re.sub(r"\s+", "", number), chinese_number(number), title.strip(), rest, body
    )
