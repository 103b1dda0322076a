"""Matching typed agency names outside Chongqing: no city is assumed (issue 12)."""

from __future__ import annotations

from policykg.queries.agency_match import match_agencies


def _row(key: str, district: str, name: str, short: str) -> dict[str, object]:
    return {"agency": key, "district": district, "agency_name": name, "short_name": short,
            "aliases": None}


ROWS = [
    _row("wuhan-edu", "武汉市", "武汉市教育局", "教育局"),
    _row("jiangan-edu", "江岸区", "武汉市江岸区教育局", "区教育局"),
    _row("henan-fin", "河南省", "河南省财政厅", "财政厅"),
    _row("yongchuan-env", "永川区", "重庆市永川区生态环境局", "区生态环境局"),
]


def _keys(name: str, district: str | None = None) -> list[object]:
    return [r["agency"] for r in match_agencies(ROWS, name, district)]


def test_a_level_word_stands_for_the_chosen_place() -> None:
    assert _keys("市教育局", "武汉市") == ["wuhan-edu"]
    assert _keys("省财政厅", "河南省") == ["henan-fin"]


def test_a_full_name_of_any_province_reaches_its_agency() -> None:
    assert _keys("湖北省武汉市教育局") == ["wuhan-edu"]
    assert _keys("武汉市江岸区教育局") == ["jiangan-edu"]
    assert _keys("河南省财政厅") == ["henan-fin"]


def test_a_named_place_restricts_the_match() -> None:
    assert _keys("江岸区教育局") == ["jiangan-edu"]
    assert _keys("江汉区教育局") == []


def test_chongqing_names_still_match() -> None:
    assert _keys("永川区生态环境局") == ["yongchuan-env"]
    assert _keys("重庆市永川区生态环境局") == ["yongchuan-env"]
