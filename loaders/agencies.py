"""Agency recognition and normalisation: which strings name a unit, and which unit.

A name is scoped by the place that issued the document (its ``district``: 永川区, 武汉市, 石柱县)
resolved against the national table of divisions (``places``): 区生态环境局 in a 永川区 document
is 重庆市永川区生态环境局; 市城建局 in a 武汉市 document is 武汉市城建局; a level word expands to the
place of that level above the document's (市教育局 in a 蔡甸区 document is 武汉市教育局); a name
carrying its own place (江岸区人民政府 in a 武汉市 document) is scoped to that place. Short forms
expand (发改局 → 发展和改革局, ``agency_forms.tsv``); aliases in one place merge by their ``key``.

Public API (used by the statement parsers):

- ``classify(text)`` → ``agency`` | ``collective`` | ``person`` | ``post`` | ``unknown``
- ``resolve(unit, district, inherited_level="")`` → ``AgencyName`` (canonical, key, type, the
  place that scopes it, and ``recognised``: False for a unit no rule knows, kept all the same)
- ``split_units(text)`` → the units of a list, shared prefixes and suffixes written out
- ``person_names(text)`` → the person names a cell holds (张三李四 → 张三, 李四), else ()
- ``district_of(text)`` and ``issuing_district(issuer, title, daizi, text)`` → a record district

>>> a = resolve("区发展改革委", "永川区")
>>> (a.canonical, a.key, a.type, a.district)
('重庆市永川区发展和改革委员会', '发展和改革委员会', 'department', '永川区')
>>> b = resolve("江岸区人民政府", "武汉市")
>>> (b.canonical, b.key, b.type, b.district)
('武汉市江岸区人民政府', '人民政府', 'government', '江岸区')
>>> resolve("市城投公司", "武汉市").canonical, resolve("市城投公司", "武汉市").type
('武汉市城投公司', 'company')
>>> classify("区创文办"), classify("全区各相关部门"), classify("张凯"), classify("常务副区长")
('agency', 'collective', 'person', 'post')
>>> split_units("江岸、江汉、汉阳、武昌区人民政府")
['江岸区人民政府', '江汉区人民政府', '汉阳区人民政府', '武昌区人民政府']
>>> person_names("陆 明俞 悦")
('陆明', '俞悦')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.loaders.places import (
    Place,
    first_place,
    is_place_name,
    issuing_place,
    leading_places,
    lineage,
    place_of,
)

if TYPE_CHECKING:
    import jieba
    import jieba.posseg

_HERE = Path(__file__).parent
_LEVELS = "区县市省州旗镇乡"
# words that open with a level character without naming a level (市政局 is no 市 + 政局)
_NOT_LEVEL = ("市场", "市政", "市容", "市民", "区域", "县域", "州府")

_COLLECTIVE = re.compile(
    r"^(?:全区|全县|全市|全省|全州|全旗|区级|县级|市级|省级|镇级|乡级|有关|相关|其他|其它|其余|所属|下属)"
    r"|各|成员单位|镇街|(?:部门|单位|国企|企业|机构)$"
)
_SUFFIX = re.compile(
    r"(?:局|委|办|中心|分局|支行|管委会|管委|委员会|办公室|部|院|厅|署|社|联|工会|协|站|所|队|处|室|"
    r"政府|街道|办事处|街办|镇|乡|苏木|园区|开发区|高新区|经开区|新区|团委|行|公署|指挥部|领导小组|"
    r"法庭|党校|信用社|"
    r"图书馆|博物馆|文化馆|档案馆|电视台|联合会|协会|学会|商会|红十字会|贸促会)$"
)
_COMPANY = re.compile(r"(?:公司|集团|有限)$")
_VERTICAL = re.compile(
    r"^人行|人民银行|银保监|银监|证监|金融监管|邮管|邮政管理|海关|气象|烟草|税务局$|调查队|供电|"
    r"消防救援"
)
_BANK = re.compile(r"(?:银行|分行|支行|信用社|农商行)$")  # commercial banks: companies
_ZONE = re.compile(
    r"高新区|开发区|经开区|园区|管委会|产业促进中心|工业园|产业园|新区|保税|试验区|示范区|合作区|"
    r"管理区|度假区"
)
_TOWNSHIP = re.compile(r"(?:镇|乡|苏木|街道|办事处|街办|镇人民政府|乡人民政府)$")
_PEOPLE_ORG = re.compile(
    r"^团[区县市省州旗]?委|^共青团|妇联|总工会|^工会|科协|残联|工商联|红十字会|供销|侨联|文联|社科联|台联|"
    r"贸促会|青联|妇女联合会|残疾人联合会"
)
_JUDICIAL = re.compile(r"法院|检察院|法庭")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|行政公署|政府办公室|政府办|政府办公厅)$")
_POST = re.compile(
    r"(?:[省市区县州旗镇乡]长|书记|主任|主席|领导|常委|负责人|经理|同志|干部|[局厅部处科院行社所]长|"
    r"秘书长|委员|调研员|巡视员|专员|董事长)$"
)
_ZONE_EXPANSIONS = (
    ("高新区", "高新技术产业开发区"),
    ("经开区", "经济技术开发区"),
    ("管委会", "管理委员会"),
)
# Common Chinese surnames, most frequent first (compound surnames at the end).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
    "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
    "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲"
    "虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "令狐",
    "夏侯",
    "慕容",
    "尉迟",
)


@dataclass(frozen=True)
class AgencyName:
    """A unit as written and as resolved: canonical name, place-local key, type, scope."""

    written: str
    canonical: str
    key: str
    type: str
    district: str | None = None  # the place that scopes the unit (the agency IRI's district)
    recognised: bool = True  # False: no rule or form knows the unit; kept, and flagged


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, str]]:
    forms = {}
    for line in (_HERE / "agency_forms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            short, full, kind = line.split("\t")
            forms[short] = (full, kind)
    return forms


@lru_cache(maxsize=65536)
def district_of(text: str) -> str | None:
    """The place a name or title belongs to, as a record district: 重庆市永川区人民政府办公室 → 永川区.

    >>> district_of("石柱县加快建立健全绿色低碳循环经济体系工作措施")
    '石柱县'
    >>> district_of("鞍山市立山区人民政府"), district_of("区人民政府办公室")
    ('立山区', None)
    """
    found = first_place(text)
    return found.district if found else None


def issuing_district(
    issuer: str | None, title: str | None, daizi: str | None = None, text: str = ""
) -> str | None:
    """The record district of the place that issued a document (issuer, title, then 文号 代字).

    >>> issuing_district(None, "关于印发重点工作的通知", "永川府办发")
    '永川区'
    """
    found = issuing_place(issuer, title, daizi, text)
    return found.district if found else None


def _level_place(near: Place | None, level: str) -> Place | None:
    """The place a level word names from a document of ``near``: 市 in a 蔡甸区 text is 武汉市."""
    if near is None:
        return None
    for place in reversed(lineage(near)):
        if place.suffix == level or (level == "自治区" and place.name.endswith("自治区")):
            return place
    return None


@dataclass(frozen=True)
class _Parts:
    places: tuple[Place, ...]  # places the name starts with
    level: str  # a level word standing for a place (区, 市, 自治区 …), "" when none
    rest: str  # the name less its places and level word
    own: str  # the name less its full place names and level word (stems kept: 永川高新区管委会)


def _parts(unit: str, near: Place | None) -> _Parts:
    body = unit[2:] if unit.startswith("中共") else unit
    found, at = leading_places(body, near)
    _, full_at = leading_places(body, near, stems=False)
    rest, own, level = body[at:], body[full_at:], ""
    if not found and not body.startswith(_NOT_LEVEL):
        for word in ("自治区", "盟", *_LEVELS[:6]):
            if body.startswith(word) and len(body) > len(word) + 1:
                level, rest, own = word, body[len(word) :], body[len(word) :]
                break
    return _Parts(tuple(found), level, rest, own)


def agency_type(unit: str, rest: str | None = None) -> str:
    """The type of a unit: department, government, party, judicial, people_org, zone, vertical,
    township or company."""
    rest = unit if rest is None else rest
    known = _forms().get(rest)
    if known:
        return known[1]
    if _COMPANY.search(unit):
        return "company"
    if _VERTICAL.search(unit):
        return "vertical"
    if _BANK.search(unit):
        return "company"
    if _PEOPLE_ORG.search(rest):
        return "people_org"
    if _JUDICIAL.search(unit):
        return "judicial"
    if (rest.startswith("委") and not rest.startswith("委员会")) or rest.startswith(
        ("党委", "党工委")
    ):
        return "party"
    if _ZONE.search(unit):
        return "zone"
    if _TOWNSHIP.search(unit):
        return "township"
    if _GOVERNMENT.search(rest):
        return "government"
    return "department"


def _expand_zone(name: str) -> str:
    for short, long in _ZONE_EXPANSIONS:
        name = name.replace(short, long)
    return name


@lru_cache(maxsize=65536)
def resolve(unit: str, district: str | None, inherited_level: str = "") -> AgencyName:
    """Resolve a unit written in a document of ``district`` to its canonical name and key.

    ``inherited_level`` is the level word an earlier unit of the same list had (省科技厅、工业和信息化厅).
    """
    near = place_of(district)
    parts = _parts(unit, near)
    level = parts.level
    if not parts.places and not level and inherited_level and not _VERTICAL.search(unit):
        level = inherited_level if unit[:1] not in _LEVELS else ""
    scope = parts.places[-1] if parts.places else _level_place(near, level) if level else near
    rest = parts.rest
    kind = agency_type(unit, rest)
    full = _forms().get(rest, (rest, kind))[0]
    recognised = _recognised(unit, rest)
    scoped = scope.district if scope else district
    prefix = scope.qualified if scope else ""
    if kind == "vertical":
        if "{" in full and scope is not None:
            return AgencyName(unit, full.format(place=prefix), rest, kind, scoped, recognised)
        return AgencyName(unit, _expand_vertical(unit), unit, kind, district, recognised)
    if level and scope is None:  # 省科技厅 with no province known: as written, level kept
        name = f"{level}{rest}"
        return AgencyName(unit, name, name, kind, district, recognised)
    if kind == "party" and rest.startswith("委"):
        word = level or (scope.suffix if scope else "")
        return AgencyName(unit, f"中共{prefix}{rest}", f"{word}{rest}", kind, scoped, recognised)
    if kind in ("zone", "company"):
        key = parts.own if not level else rest
        named = (
            unit.removeprefix("中共") if parts.places else key
        )  # 天府新区成都管委会 keeps its place
        canonical = _expand_zone(named) if kind == "zone" else key
        if prefix and (level or (kind == "zone" and not leading_places(canonical, scope)[0])):
            canonical = f"{prefix}{canonical}"  # a company keeps its own name unless 市/区 stood for the place
        return AgencyName(unit, canonical, key, kind, scoped, recognised)
    canonical = f"{prefix}{full}" if prefix else unit
    return AgencyName(unit, canonical, full, kind, scoped, recognised)


def name_core(name: str, district: str | None) -> tuple[str, str | None]:
    """The key a name resolves to in ``district`` (the name less its places and level word), and
    the district it names: what a typed name and an agency's own names are compared by.

    >>> name_core("重庆市永川区生态环境局", "永川区"), name_core("区生态环境局", "永川区")
    (('生态环境局', '永川区'), ('生态环境局', '永川区'))
    """
    resolved = resolve("".join(name.split()), district or None)
    return resolved.key, resolved.district


def _expand_vertical(name: str) -> str:
    return name.replace("人行", "中国人民银行", 1) if name.startswith("人行") else name


def _recognised(unit: str, rest: str) -> bool:
    return (
        rest in _forms()
        or unit in _forms()
        or (bool(_SUFFIX.search(unit) or _COMPANY.search(unit)) and len(unit) >= 2)
    )


@lru_cache(maxsize=65536)
def classify(unit: str) -> str:
    """Whether a string names an ``agency``, a ``collective`` phrase, a ``person``, a ``post``
    (县长, 常务副区长), or is ``unknown`` (no rule knows it: the parser keeps it, flagged)."""
    unit = re.sub(r"\s+", "", unit)
    if not unit:
        return "unknown"
    if _COLLECTIVE.search(unit):
        return "collective"
    if _POST.search(unit) and len(unit) <= 16:
        return "post"
    rest = _parts(unit, first_place(unit)).rest
    if rest in _forms() or unit in _forms():
        return "agency"
    if _recognised(unit, rest) and not _looks_like_person(unit):
        return "agency"
    if person_names(unit):
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


def person_names(text: str) -> tuple[str, ...]:
    """The person names a cell holds, separated or run together (张三李四), or () if it holds
    anything else.

    >>> person_names("成坤、柯相国、王俊"), person_names("区发改局")
    (('成坤', '柯相国', '王俊'), ())
    """
    names: list[str] = []
    for piece in re.split(r"[、，,；;/]+", re.sub(r"\s+", "", text)):
        if not piece:
            continue
        if (_SUFFIX.search(piece) and len(piece) >= 3) or _COMPANY.search(piece):
            return ()
        found = _glued_names(piece)
        if found is None:
            return ()
        names += found
    return tuple(names)


def _surname(text: str) -> int:
    """How common the surname a text starts with is (lower is commoner); -1 if none."""
    if text[:2] in _COMPOUND_SURNAMES:
        return len(_SURNAMES)
    at = _SURNAMES.find(text[:1])
    return at


@lru_cache(maxsize=4096)
def _glued_names(piece: str) -> tuple[str, ...] | None:
    """Split a run of 2–3 character names (陆明俞悦) preferring common surnames; None if none."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,12}", piece) or _surname(piece) < 0:
        return None
    if len(piece) <= 3 or (len(piece) == 4 and piece[:2] in _COMPOUND_SURNAMES):
        return (piece,)
    best: tuple[int, tuple[str, ...]] | None = None
    for size in (2, 3):
        tail = piece[size:]
        if len(tail) < 2 or _surname(tail) < 0:
            continue
        rest = _glued_names(tail)
        if rest is not None:
            score = _surname(tail)
            if best is None or score < best[0]:
                best = (score, (piece[:size], *rest))
    return best[1] if best else None


_SEPARATORS = re.compile(
    r"[、，,；;/\s]+|(?<=[局委办心行院部会社联门位府])(?:和|及|与)(?=[区县市省各])"
)
_BRACKETED = re.compile(r"[（(【\[][^（）()【】\[\]]{0,30}[）)】\]]")
# separators inside brackets (各旗县（市、区）人民政府) are masked while a list is split
_MASK = str.maketrans("、，,；;/ ", "\ue000\ue001\ue002\ue003\ue004\ue005\ue006")
_UNMASK = {v: k for k, v in _MASK.items()}
_CONNECTORS = {"会同", "联合", "协同", "配合", "和", "及", "与", "由", "同", "等"}


def split_units(text: str) -> list[str]:
    """Split a list of units on 、，；/ and connectives, dropping a trailing 等; a suffix written
    once for several places (江岸、江汉区人民政府) or a level word written once (省科技厅、工业和信息化厅)
    is written out for each unit; separators inside brackets do not split.

    >>> split_units("区经济信息委、区生态环境局等")
    ['区经济信息委', '区生态环境局']
    """
    return list(_split_units(text))


@lru_cache(maxsize=65536)
def _split_units(text: str) -> tuple[str, ...]:
    units = []
    masked = _BRACKETED.sub(lambda m: m.group().translate(_MASK), text)
    for part in _SEPARATORS.split(masked):
        part = part.translate(_UNMASK).strip().strip("。.")
        part = re.sub(r"等(?:有关|相关)?(?:部门|单位)?$", "", part)  # …建设厅等相关部门: a tail
        if part:
            units.extend(_split_run_together(part))
    if len(units) < 2:
        return tuple(units)
    return tuple(_share_prefix(_share_suffix(units)))


_LEVEL_WORD = re.compile(r"^(?:自治区|[省市区县州旗])")
_SHARES_PREFIX = ("department", "government", "people_org", "judicial")
_OWN_LEVEL = re.compile(r"[省市区县州旗]委")  # 团区委 names its level inside


def _share_prefix(units: list[str]) -> list[str]:
    """省科技厅、工业和信息化厅: a unit after one that opened with a level word takes that word."""
    out, word = [], ""
    for unit in units:
        opening = _LEVEL_WORD.match(unit)
        if opening and not unit.startswith(_NOT_LEVEL) and not leading_places(unit, stems=False)[0]:
            word = opening.group()
        elif (
            word
            and unit[:1] not in _LEVELS
            and not leading_places(unit)[0]
            and unit in _forms()  # a standard department (财政厅, 商务委), not 前海管理局
            and agency_type(unit) in _SHARES_PREFIX
            and not _TOWNSHIP.search(unit)
            and not _OWN_LEVEL.search(unit)
        ):
            unit = word + unit
        out.append(unit)
    return out


def _share_suffix(units: list[str]) -> list[str]:
    """江岸、江汉、武昌区人民政府: the bare place names before a unit take its level word and rest."""
    out = list(units)
    for i, unit in enumerate(units):
        places, at = leading_places(unit, None, stems=False)
        if not places or at >= len(unit) or not places[-1].suffix:
            continue
        word = places[-1].suffix
        tail = unit[at - len(word) :]
        j = i - 1
        while j >= 0 and len(units[j]) <= 6 and is_place_name(units[j] + word):
            out[j] = units[j] + tail
            j -= 1
    return out


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

    forms = [prefix + short for short in _forms() for prefix in ("", "区", "县", "市", "省")]
    made = tokenizer(forms, freq=2000, tag="nt")
    for word in _CONNECTORS:
        made.add_word(word, freq=5000)
    return made


@lru_cache(maxsize=1)
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """Part-of-speech tagging over the agency-aware tokenizer (persons come out as ``nr``)."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_tokenizer())
