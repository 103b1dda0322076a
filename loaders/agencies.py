"""Agency recognition and normalisation: which strings name a unit, and which unit.

Names are scoped by district (区生态环境局 in a 永川区 document is 重庆市永川区生态环境局); short
forms expand (发展改革委 → 发展和改革委员会); aliases in one district merge by their ``key``
(永川区税务局 = 区税务局). Rules decide first; jieba, with the agency forms in its dictionary,
splits run-together strings and tells person names from units it has never seen.

>>> a = resolve("区发展改革委", "永川区")
>>> (a.canonical, a.key, a.type)
('重庆市永川区发展和改革委员会', '发展和改革委员会', 'department')
>>> classify("区创文办"), classify("全区各相关部门"), classify("张凯")
('agency', 'collective', 'person')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba
    import jieba.posseg

CITY = "重庆市"
_HERE = Path(__file__).parent
_LEVELS = "区县市省州镇乡"

_COLLECTIVE = re.compile(
    r"^(?:全区|全县|全市|各|区级|县级|市级|镇级|有关|相关|其他|其它|其余)"
    r"|(?:有关部门|相关部门|有关单位|相关单位|成员单位|各部门|各单位|各镇|各街道|各乡镇|镇街|部门$)"
)
_SUFFIX = re.compile(
    r"(?:局|委|办|中心|分局|支行|管委会|委员会|办公室|部|院|厅|署|社|联|工会|协|站|所|队|处|室|"
    r"政府|街道|街道办事处|镇|乡|园区|开发区|高新区|经开区|新区|团委|行)$"
)
_COMPANY = re.compile(r"(?:公司|集团|企业|厂|有限)$")
_VERTICAL = re.compile(
    r"^人行|人民银行|银保监|银监|证监|邮管|邮政管理|海关|气象|烟草|税务局$|调查队|供电"
)
_ZONE = re.compile(r"高新区|开发区|经开区|园区|管委会|产业促进中心|工业园|新区|保税")
_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|镇人民政府|乡人民政府)$")
_PEOPLE_ORG = re.compile(r"^团[区县市]?委|^共青团|妇联|总工会|科协|残联|工商联|红十字会|供销")
_JUDICIAL = re.compile(r"法院|检察院")
_ZONE_EXPANSIONS = (
    ("高新区", "高新技术产业开发区"),
    ("经开区", "经济技术开发区"),
    ("管委会", "管理委员会"),
)


@dataclass(frozen=True)
class AgencyName:
    """A unit as written and as resolved: canonical full name, district-local key, type."""

    written: str
    canonical: str
    key: str
    type: str


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, str]]:
    forms = {}
    for line in (_HERE / "agency_forms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            short, full, kind = line.split("\t")
            forms[short] = (full, kind)
    return forms


@lru_cache(maxsize=1)
def _districts() -> dict[str, str]:
    """Every written form of a district → the name documents use (石柱土家族自治县 → 石柱县)."""
    names: dict[str, str] = {}
    for line in (_HERE / "districts.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            forms = line.split("\t")
            used = forms[-1]
            for form in forms:
                names[form] = used
    return names


_DISTRICT_GENERIC = re.compile(
    r"([\u4e00-\u9fff]{2,8}?(?:自治县|区|县))(?:人民政府|政府|委员会|办公室)"
)


@lru_cache(maxsize=65536)
def district_of(text: str) -> str | None:
    """The district a name or title belongs to: 重庆市永川区人民政府办公室 → 永川区.

    >>> district_of("石柱县加快建立健全绿色低碳循环经济体系工作措施")
    '石柱县'
    """
    text = text.replace(CITY, "", 1) if text.startswith(CITY) else text
    best = None
    for form, used in _districts().items():
        at = text.find(form)
        if at >= 0 and (best is None or at < best[0] or (at == best[0] and len(form) > best[1])):
            best = (at, len(form), used)
    if best:
        return best[2]
    match = _DISTRICT_GENERIC.search(text)
    return match.group(1) if match else None


def _strip_place(unit: str, district: str | None) -> tuple[str, str]:
    """Remove 中共 / 重庆市 / the district name / the level prefix; return (level, rest)."""
    rest = unit[2:] if unit.startswith("中共") else unit
    if rest.startswith(CITY) and len(rest) > len(CITY) + 1:
        rest = rest[len(CITY) :]
    if district:
        for form, used in _districts().items():
            if used == district and rest.startswith(form) and len(rest) > len(form):
                return district[-1], rest[len(form) :]
        if rest.startswith(district) and len(rest) > len(district):
            return district[-1], rest[len(district) :]
    if rest[:1] in "区县" and len(rest) > 2:
        return rest[0], rest[1:]
    return "", rest


def agency_type(unit: str, rest: str | None = None) -> str:
    """The type of a unit: department, party, judicial, people_org, zone, vertical, township."""
    rest = unit if rest is None else rest
    known = _forms().get(rest)
    if known:
        return known[1]
    if _VERTICAL.search(unit):
        return "vertical"
    if _PEOPLE_ORG.search(unit):
        return "people_org"
    if _JUDICIAL.search(unit):
        return "judicial"
    if re.match(
        r"^(?:中共)?(?:重庆市)?[\u4e00-\u9fff]{0,8}?[区县市]委(?!员)", unit
    ) or rest.startswith("委"):
        return "party"
    if _ZONE.search(unit):
        return "zone"
    if _TOWNSHIP.search(unit):
        return "township"
    return "department"


@lru_cache(maxsize=65536)
def resolve(unit: str, district: str | None, inherited_level: str = "") -> AgencyName:
    """Resolve a unit written in a document of ``district`` to its canonical name and key."""
    written = unit
    level, rest = _strip_place(unit, district)
    if not level and inherited_level and unit[:1] not in _LEVELS and not _VERTICAL.search(unit):
        level = inherited_level
    kind = agency_type(unit, rest)
    full = _forms().get(rest, (rest, kind))[0]
    place = f"{CITY}{district}" if district else ""
    if kind == "vertical":
        key = rest if rest in _forms() else written
        canonical = (
            full.format(district=district or "") if "{" in full else _expand_vertical(written)
        )
    elif kind == "party":
        key = f"{level}{rest}" if rest.startswith("委") else rest
        canonical = f"中共{place}{full}" if rest.startswith("委") else f"{place}{full}"
    elif kind == "zone":
        key = rest
        canonical = full
        for short, long in _ZONE_EXPANSIONS:
            canonical = canonical.replace(short, long)
        short = district[:-1] if district and len(district) > 2 else district
        if district_of(canonical) is None and not (short and canonical.startswith(short)):
            canonical = f"{place}{canonical}"
    elif level in ("市", "省") or (not level and unit[:1] in "市省"):
        key = canonical = f"{level}{rest}" if level else written
    else:
        key = full
        canonical = f"{place}{full}" if place else written
    return AgencyName(written=written, canonical=canonical, key=key, type=kind)


def _expand_vertical(name: str) -> str:
    return name.replace("人行", "中国人民银行", 1) if name.startswith("人行") else name


@lru_cache(maxsize=65536)
def classify(unit: str) -> str:
    """Whether a string names an ``agency``, a ``collective`` phrase, a ``person``, or ``unknown``."""
    unit = unit.strip()
    if not unit:
        return "unknown"
    if _COLLECTIVE.search(unit):
        return "collective"
    if _COMPANY.search(unit):
        return "unknown"
    _, rest = _strip_place(unit, district_of(unit))
    if rest in _forms() or unit in _forms():
        return "agency"
    if len(unit) >= 2 and _SUFFIX.search(unit) and not _looks_like_person(unit):
        return "agency"
    if _looks_like_person(unit):
        return "person"
    return "unknown"


def _looks_like_person(unit: str) -> bool:
    compact = re.sub(r"\s+", "", unit)
    if not re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", compact):
        return False
    if _SUFFIX.search(compact) and len(compact) >= 3:
        return False
    tags = [pair.flag for pair in _pos_tokenizer().lcut(compact)]
    return bool(tags) and (tags[0] == "nr" or (len(compact) <= 3 and "nt" not in tags))


_SEPARATORS = re.compile(r"[、，,；;/\s]+|(?<=[局委办心行院部会社联])(?:和|及|与)(?=[区县市])")
_CONNECTORS = {"会同", "联合", "协同", "配合", "和", "及", "与", "由", "同", "等"}


def split_units(text: str) -> list[str]:
    """Split a list of units on 、，；/ and connectives, dropping a trailing 等.

    >>> split_units("区经济信息委、区生态环境局等")
    ['区经济信息委', '区生态环境局']
    """
    units = []
    for part in _SEPARATORS.split(text):
        part = part.strip().strip("。.")
        part = re.sub(r"等$", "", part)
        if part:
            units.extend(_split_run_together(part))
    return units


def _split_run_together(part: str) -> list[str]:
    """Split a string holding several units without separators, with jieba (区发展改革委会同区财政局)."""
    if len(part) < 8 or (classify(part) in ("agency", "collective") and not _has_inner_unit(part)):
        return [part]
    pieces, current = [], ""
    for token in _tokenizer().lcut(part, HMM=False):
        if token in _CONNECTORS:
            if current:
                pieces.append(current)
            current = ""
            continue
        current += token
        if _SUFFIX.search(current) and classify(current) == "agency":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces if all(classify(p) != "unknown" for p in pieces) else [part]


def _has_inner_unit(part: str) -> bool:
    return any(c in part[2:-2] for c in _CONNECTORS if len(c) == 2)


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """jieba with the agency forms and connectives in its dictionary, built once, lazily."""
    from policykg.loaders.segmentation import tokenizer

    forms = [prefix + short for short in _forms() for prefix in ("", "区", "县")]
    made = tokenizer(forms, freq=2000, tag="nt")
    for word in _CONNECTORS:
        made.add_word(word, freq=5000)
    return made


@lru_cache(maxsize=1)
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """Part-of-speech tagging over the agency-aware tokenizer (persons come out as ``nr``)."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_tokenizer())
