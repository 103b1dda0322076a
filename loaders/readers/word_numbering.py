"""Word's automatic numbering (numbering.xml) rendered as the text a reader sees: 一、（一）1.

Word stores a heading's number as a list level, not as text; a converter that drops it loses
the 一、 → （一） → 1. structure the parsers need, so the reader renders it back.
"""

from __future__ import annotations

from collections.abc import Callable

from policykg.loaders.numbering import chinese_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY = "子丑寅卯辰巳午未申酉戌亥"


def _table(chars: str) -> Callable[[int], str]:
    return lambda n: chars[n - 1] if 0 < n <= len(chars) else str(n)


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + numeral, n - value
    return out


FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "chineseCounting": chinese_numeral,
    "chineseCountingThousand": chinese_numeral,
    "taiwaneseCounting": chinese_numeral,
    "japaneseCounting": chinese_numeral,
    "ideographDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)).replace("零", "〇"),
    "chineseLegalSimplified": lambda n: chinese_numeral(n, _LEGAL, "拾佰仟"),
    "ideographTraditional": _table(_HEAVENLY),
    "ideographZodiac": _table(_EARTHLY),
    "decimalEnclosedCircle": _table(_CIRCLED),
    "decimalEnclosedCircleChinese": _table(_CIRCLED),
    "decimalEnclosedParen": _table(_PAREN),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


class Numbering:
    """The list definitions of one .docx and the running counters of its lists."""

    def __init__(self, numbering_xml, styles_xml) -> None:
        self.levels: dict[str, dict[int, dict[str, str | int]]] = {}  # abstractNumId → levels
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract, start overrides)
        self.styles: dict[str, tuple[str, int]] = {}  # styleId → (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering_xml is not None:
            self._read_numbering(numbering_xml)
        if styles_xml is not None:
            self._read_styles(styles_xml)

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl"))] = {
                    "start": int(_val(lvl, "start") or 1),
                    "format": _val(lvl, "numFmt") or "decimal",
                    "text": _val(lvl, "lvlText") or "",
                    "legal": lvl.find(f"{W}isLgl") is not None,
                    # restart after which level (1-based); 0 never; absent: after any higher one
                    "restart": int(_val(lvl, "lvlRestart") or -1),
                }
            self.levels[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            starts = {
                int(o.get(f"{W}ilvl")): int(_val(o, "startOverride"))
                for o in num.iter(f"{W}lvlOverride")
                if _val(o, "startOverride") is not None
            }
            self.nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId") or "", starts)

    def _read_styles(self, root) -> None:
        for style in root.iter(f"{W}style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and _val(num_pr, "numId"):
                self.styles[style.get(f"{W}styleId")] = (
                    _val(num_pr, "numId"),
                    int(_val(num_pr, "ilvl") or 0),
                )

    def label(self, paragraph) -> str:
        """The number Word shows before this paragraph (advancing its list), or ''."""
        found = self._num_pr(paragraph)
        if found is None or found[0] not in self.nums:
            return ""
        num_id, ilvl = found
        abstract, starts = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in starts.items():  # a restarted list: its counters begin again
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            restart = int(levels.get(deeper, {}).get("restart", -1))
            if restart == -1 or ilvl < restart:
                del counters[deeper]
        text = str(levels[ilvl]["text"])
        if levels[ilvl]["format"] == "bullet":
            return ""
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in text:
                spec = levels.get(level, {"format": "decimal", "start": 1})
                value = counters.get(level, int(spec["start"]))
                fmt = "decimal" if levels[ilvl]["legal"] else str(spec["format"])
                text = text.replace(f"%{level + 1}", FORMATS.get(fmt, str)(value))
        return text

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        from_style = self.styles.get(style.get(f"{W}val")) if style is not None else None
        if num_pr is None:
            return from_style
        num_id = _val(num_pr, "numId") or (from_style[0] if from_style else None)
        if num_id is None or num_id == "0":
            return None
        ilvl = _val(num_pr, "ilvl")
        return num_id, int(ilvl) if ilvl is not None else (from_style[1] if from_style else 0)


def _val(element, tag: str) -> str | None:
    child = element.find(f"{W}{tag}")
    return child.get(f"{W}val") if child is not None else None
