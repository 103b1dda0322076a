"""Cleaning decoded text: conversion residue out, one script and one line-end convention in.

Line numbers are preserved (nothing is joined or dropped), so evidence lines point at the file.
"""

from __future__ import annotations

import re
from functools import lru_cache

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
# Inline pinyin some web copies carry after a character: 工(gōng)作 → 工作. Only lowercase letters
# with at least one tone mark, so (R&D) or (2023) stay.
_PINYIN = re.compile(
    r"[（(][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,5}[）)]"
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Characters that exist only in traditional script and are common in government text; finding a
# few of them is what makes a text worth converting.
_TRADITIONAL = set(
    "區縣發關於實務會議與為責單環經濟農業廳員書國務辦產進頭類設計畫劃態護術據標準場點體統財稅規構機質資"
    "識綠續導織勵廣積極應對歸條門問題過這們將讓權險車輛運輸氣電網熱鋼鐵鄉鎮醫療衛歷壓遠視嚴開強監費價"
)
_TRADITIONAL_THRESHOLD = 2


def clean(text: str) -> str:
    """Return text with BOM, CRLF, ``[bookmark: …]`` markers and traditional script normalised.

    >>> clean("[bookmark: _GoBack]區生態環境局\\r\\n")
    '区生态环境局\\n'
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _BOOKMARK.sub("", text).translate(_FULLWIDTH_DIGITS)
    text = _PINYIN.sub("", text)
    text = text.replace("\u00a0", " ")
    # lone surrogates (only a str built in memory holds them) become U+FFFD; OpenCC cannot encode them
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if is_traditional(text):
        text = to_simplified(text)
    return text


def is_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters (judged on its first 20k).

    >>> is_traditional("區縣發展"), is_traditional("区县发展區")
    (True, False)
    """
    # distinct characters: a set intersection runs in C, and one repeated stray character
    # (a name written in traditional script) does not make a simplified text traditional
    return len(_TRADITIONAL.intersection(text[:20000])) >= _TRADITIONAL_THRESHOLD


def to_simplified(text: str) -> str:
    """Convert traditional to simplified characters (OpenCC t2s), keeping every line."""
    return _converter().convert(text)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


_SPACE_IN_CJK = re.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\u3000]+(?=[\u3000-\u9fff\uff00-\uffef])"
)


@lru_cache(maxsize=1 << 16)  # each kind, the header and the outline squeeze the same lines
def squeeze(line: str) -> str:
    """Strip a line and drop spaces between CJK characters (``复  函`` → ``复函``)."""
    return _SPACE_IN_CJK.sub("", line.strip().replace("\u3000", " ")).strip()
