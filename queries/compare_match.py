"""Matching indicator names across documents: the same measure is named differently by each district.

永川区 writes 新建绿色建筑占新建建筑比例 and 新建建筑中绿色建筑面积占比, 石柱县 and 南川区 write
城镇绿色建筑占新建建筑比例; 石柱县 counts 新增风电装机容量 where the others count 新增新能源装机. A name
is reduced to a set of terms (jieba words) by general rules, and a query matches a name when every
query term is among the name's terms:

- scope words say over which territory or stock a share is taken, not what is measured: 全区, 全县,
  全市, 城镇, 城区, 新建 are dropped;
- function words (占, 中, 的, 之, 与, 及, 和, 在, 以上) are dropped; the ways of writing a share (占比,
  比重, 之比, 占…比) become 比例;
- a measure word at the end of a word (建筑面积, 装机容量) is dropped: it says how the thing is measured;
- a narrower energy source (风电, 光伏 …) also stands for its broader term 新能源; a match that needs it is
  reported as ``related``, not as the same indicator.

>>> match_kind("绿色建筑占比", "城镇绿色建筑占新建建筑比例")
'same'
>>> match_kind("绿色建筑占比", "计容建筑面积在10万平方米以上的新开工项目装配式建筑占新建建筑比例") is None
True
>>> match_kind("新增新能源装机", "新增风电装机容量")
'related'
>>> match_kind("生活垃圾资源化利用率", "大宗工业固体废物资源化利用率") is None
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

SCOPE_WORDS = ("全区", "全县", "全市", "全域", "城镇", "城区", "新建")
FUNCTION_WORDS = frozenset({"占", "中", "的", "之", "与", "及", "和", "在", "以上", "以下", "达到"})
SHARE_WORDS = {"占比": "比例", "比重": "比例", "之比": "比例", "比": "比例", "比率": "比例"}
MEASURE_SUFFIXES = ("面积", "容量")
# Kinds of new energy: an indicator counting one of them is related to one counting 新能源.
BROADER = {word: "新能源" for word in (
    "风电", "风能", "光伏", "太阳能", "光伏发电", "生物质能", "地热能", "氢能", "页岩气",
)}

MATCH_KINDS = ("exact", "same", "contains", "related")


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer of its own (the agency dictionary stays out of it), built once, lazily."""
    from policykg.loaders.segmentation import tokenizer

    return tokenizer((*SCOPE_WORDS, *SHARE_WORDS, *BROADER), freq=20000)


@lru_cache(maxsize=4096)
def indicator_terms(name: str) -> frozenset[str]:
    """The terms of an indicator name after the rules of this module.

    >>> sorted(indicator_terms("新建建筑中绿色建筑面积占比"))
    ['建筑', '比例', '绿色']
    >>> sorted(indicator_terms("新增风电装机容量"))
    ['新增', '装机', '风电']
    """
    terms = set()
    for token in _tokenizer().lcut(name.strip()):
        token = token.strip(" \u3000“”\"'《》()（）")
        if not token or token in SCOPE_WORDS or token in FUNCTION_WORDS:
            continue
        token = SHARE_WORDS.get(token, token)
        for suffix in MEASURE_SUFFIXES:
            if token.endswith(suffix):
                token = token[: -len(suffix)]
        if token:
            terms.add(token)
    return frozenset(terms)


def broaden(terms: frozenset[str]) -> frozenset[str]:
    """``terms`` with the broader term of each narrower one added (风电 → also 新能源)."""
    return terms | {BROADER[t] for t in terms if t in BROADER}


def match_kind(query: str, name: str) -> str | None:
    """How the indicator ``name`` matches the ``query`` text, or None when it does not.

    ``exact``: the same name; ``same``: the same terms; ``contains``: the name holds the query text
    or every query term; ``related``: it does once narrower terms count as their broader one.

    >>> match_kind("森林覆盖率", "森林覆盖率"), match_kind("利用率", "农药利用率")
    ('exact', 'contains')
    """
    if query == name:
        return "exact"
    wanted, terms = indicator_terms(query), indicator_terms(name)
    if wanted and wanted == terms:
        return "same"
    if query in name or (wanted and wanted <= terms):
        return "contains"
    if wanted and wanted <= broaden(terms):
        return "related"
    return None


def related_note(query: str, name: str) -> str:
    """Why a ``related`` match holds: 风电 is a kind of 新能源."""
    wanted, terms = indicator_terms(query), indicator_terms(name)
    pairs = sorted({f"{t} ⊂ {BROADER[t]}" for t in terms - wanted if BROADER.get(t) in wanted})
    return "、".join(pairs)
