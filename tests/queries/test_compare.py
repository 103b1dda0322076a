"""`policykg compare` on the bundled corpus: values written by hand from the documents.

永川府办发〔2022〕14号 task 75 "到2025年,全区城区新建绿色建筑占新建建筑比例达到70%", task 59 "到2022年，城区新建
建筑中绿色建筑面积占比达到70%", task 60 "新增新能源装机20万千瓦以上", task 68 "到2025年，全区生活垃圾资源化利用率
达到65%"; 石柱县 measure 15 "到2025年全县城镇绿色建筑占新建建筑比例达到68%", measure 12 "新增风电装机容量26万
千瓦以上", 主要目标 "森林覆盖率达到62%以上"; 南川府发〔2022〕34号 item 18 "新增新能源装机43万千瓦以上" and its
indicator table: 11 新增新能源装机 43 万千瓦, 14 城镇绿色建筑占新建建筑比例 70%, 16 生活垃圾资源化利用率 65%,
17 森林覆盖率 58%.
"""

from __future__ import annotations

import doctest
import importlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.queries.compare_match import indicator_terms, match_kind

REPO = Path(__file__).resolve().parent.parent.parent
SHIZHU = "关于印发《石柱县加快建立健全绿色低碳循环经济体系工作措施》的通知"


@pytest.fixture(scope="module")
def store(corpus_store: str) -> str:
    return corpus_store


def compare(store: str, *args: str, fmt: str = "json") -> tuple[object, str]:
    result = CliRunner().invoke(cli, ["compare", *args, "--store", store, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    return (json.loads(result.stdout) if fmt == "json" else result.stdout), result.stderr


def cells(rows: list[dict], *columns: str) -> list[tuple]:
    return [tuple(r[c] for c in columns) for r in rows]


TARGET = ("district", "status", "indicator", "value", "unit", "year", "comparator", "kind",
          "doc_number", "task_number")


def test_green_building_share_under_three_names(store: str) -> None:
    rows, messages = compare(store, "--indicator", "绿色建筑占比")
    assert cells(rows, *TARGET) == [
        ("南川区", "set", "城镇绿色建筑占新建建筑比例", 70, "%", 2025, None, "table",
         "南川府发〔2022〕34号", None),
        ("永川区", "set", "新建建筑中绿色建筑面积占比", 70, "%", 2022, "=", "task",
         "永川府办发〔2022〕14号", "59"),
        ("永川区", "set", "新建绿色建筑占新建建筑比例", 70, "%", 2025, "=", "task",
         "永川府办发〔2022〕14号", "75"),
        ("石柱县", "set", "城镇绿色建筑占新建建筑比例", 68, "%", 2025, "=", "task", None, "15"),
    ]
    assert {r["match"] for r in rows} == {"same"}
    assert rows[3]["doc_title"] == SHIZHU  # 石柱县's notice has no 文号: the title says which
    assert "across 3 districts: 南川区、永川区、石柱县" in messages


def test_forest_cover_yongchuan_sets_none(store: str) -> None:
    rows, _ = compare(store, "--indicator", "森林覆盖率")
    assert cells(rows, "district", "status", "value", "unit", "year", "kind", "category") == [
        ("南川区", "set", 58, "%", 2025, "table", "绿色发展底色"),
        ("永川区", "none", None, None, None, None, None),
        ("石柱县", "set", 62, "%", 2025, "table", "主要目标"),
    ]


def test_new_energy_capacity_wind_power_is_related(store: str) -> None:
    rows, _ = compare(store, "--indicator", "新增新能源装机")
    assert cells(rows, "district", "indicator", "value", "unit", "comparator", "kind", "match") == [
        ("南川区", "新增新能源装机", 43, "万千瓦", "≥", "task", "exact"),
        ("南川区", "新增新能源装机", 43, "万千瓦", None, "table", "exact"),
        ("永川区", "新增新能源装机", 20, "万千瓦", "≥", "task", "exact"),
        ("石柱县", "新增风电装机容量", 26, "万千瓦", "≥", "task", "related"),
    ]
    assert rows[3]["note"] == "风电 ⊂ 新能源"
    assert (rows[0]["task_number"], rows[2]["task_number"], rows[3]["task_number"]) == (
        "18", "60", "12")


def test_household_waste_and_several_indicators_at_once(store: str) -> None:
    rows, _ = compare(store, "--indicator", "生活垃圾资源化利用率", "--indicator", "森林覆盖率",
                      "--district", "石柱县", "--district", "永川区")
    assert cells(rows, "query", "district", "status", "value", "task_number") == [
        ("生活垃圾资源化利用率", "石柱县", "none", None, None),
        ("生活垃圾资源化利用率", "永川区", "set", 65, "68"),
        ("森林覆盖率", "石柱县", "set", 62, None),
        ("森林覆盖率", "永川区", "none", None, None),
    ]


def test_table_says_where_a_district_sets_none(store: str) -> None:
    out, _ = compare(store, "--indicator", "生活垃圾资源化利用率", fmt="table")
    assert "（未设定）none set" in out
    assert "南川区 65% (2025, table); 永川区 65% (2025, task); 石柱县 none" in out
    markdown, _ = compare(store, "--indicator", "森林覆盖率", fmt="markdown")
    assert "### 森林覆盖率" in markdown
    assert "| 永川区 | （未设定）none set |" in markdown
    csv, _ = compare(store, "--indicator", "森林覆盖率", fmt="csv")
    assert csv.splitlines()[0].startswith("query,district,status,match,indicator,value,unit,year")


def test_lead_agencies_for_waste_sorting(store: str) -> None:
    rows, _ = compare(store, "--task-text", "垃圾分类")
    named = [r for r in rows if r["status"] == "named"]
    # each task by its path as written, read from the headings above it (numbering restarts in
    # every section; 南川's (一) is written with half-width brackets)
    assert cells(named, "district", "short_name", "tasks", "task_refs") == [
        ("永川区", "区城市管理局", 2, "永川府办发〔2022〕14号 三（十一）48、四（十三）68"),
        ("永川区", "区住房城乡建委", 1, "永川府办发〔2022〕14号 六（十九）82"),
        ("永川区", "区商务委", 1, "永川府办发〔2022〕14号 二（八）36"),
        ("永川区", "区教委", 1, "永川府办发〔2022〕14号 三（十一）55"),
    ]
    unnamed = [r for r in rows if r["status"] != "named"]
    # 南川府发〔2022〕34号 names no unit; 石柱县's task table is the absent attachment
    assert cells(unnamed, "district", "status", "tasks", "task_refs") == [
        ("南川区", "no agency", 3, "南川府发〔2022〕34号 三(一)12、三（二）16、三（三）21"),
        ("石柱县", "no agency", 3, f"{SHIZHU} 二（二）8、二（三）11、二（六）19"),
        ("綦江区", "no task", 0, ""),
    ]


def test_green_building_agencies_side_by_side(store: str) -> None:
    out, _ = compare(store, "--task-text", "绿色建筑", "--district", "永川区",
                     "--district", "石柱县", fmt="table")
    assert "区住房城乡建委（重庆市永川区住房和城乡建设委员会）" in out
    assert "永川区 区住房城乡建委 2、永川银保监分局 1; 石柱县 no lead agency named" in out


def test_role_option(store: str) -> None:
    rows, _ = compare(store, "--task-text", "新增新能源装机", "--district", "永川区",
                      "--role", "co")
    # task 60 has only its lead, 区能源局: nobody is co-responsible
    assert cells(rows, "status", "role", "tasks", "task_refs") == [
        ("no agency", "co", 1, "永川府办发〔2022〕14号 四（十二）60")]


@pytest.fixture(scope="module")
def endpoint(corpus_endpoint: str) -> str:
    return corpus_endpoint


@pytest.mark.server
@pytest.mark.parametrize("args", [
    ("--indicator", "新增新能源装机", "--indicator", "森林覆盖率"),
    ("--task-text", "垃圾分类", "--role", "lead"),
])
def test_the_same_through_the_endpoint(store: str, endpoint: str, args: tuple[str, ...]) -> None:
    embedded = CliRunner().invoke(cli, ["compare", *args, "--store", store, "--format", "json"])
    served = CliRunner().invoke(cli, ["compare", *args, "--endpoint", endpoint, "--format", "json"])
    assert served.exit_code == 0, served.stderr
    assert json.loads(served.stdout) == json.loads(embedded.stdout) != []


@pytest.mark.parametrize(("args", "message"), [
    ((), "give --indicator TEXT or --task-text TEXT"),
    (("--indicator", "森林覆盖率", "--task-text", "绿色"), "not both"),
    (("--indicator", "森林覆盖率", "--district", "万州区"), "no documents of 万州区 in the graph"),
])
def test_user_errors(store: str, args: tuple[str, ...], message: str) -> None:
    result = CliRunner().invoke(cli, ["compare", *args, "--store", store])
    assert result.exit_code == 1
    assert message in result.stderr


@pytest.mark.parametrize(("query", "name", "kind"), [
    ("森林覆盖率", "森林覆盖率", "exact"),
    ("新建绿色建筑占新建建筑比例", "城镇绿色建筑占新建建筑比例", "same"),
    ("绿色建筑占比", "新建建筑中绿色建筑面积占比", "same"),
    ("绿色建筑", "新建绿色建筑占新建建筑比例", "contains"),
    ("利用率", "农作物秸秆综合利用率", "contains"),
    ("新增新能源装机", "新增风电装机容量", "related"),
    ("新增新能源装机", "屋顶分布式光伏面积", None),
    ("新增新能源装机", "新能源汽车产量", None),
    ("新增新能源装机", "新增充电站", None),
    ("绿色建筑占比", "计容建筑面积在10万平方米以上的新开工项目装配式建筑占新建建筑比例", None),
    ("绿色建筑占比", "绿色出行比例", None),
    ("生活垃圾资源化利用率", "生活垃圾焚烧处理能力占比", None),
    ("生活垃圾资源化利用率", "畜禽粪污资源化利用率", None),
    ("森林覆盖率", "测土配方施肥技术推广覆盖率", None),
])
def test_indicator_matching_rules(query: str, name: str, kind: str | None) -> None:
    assert match_kind(query, name) == kind


def test_scope_and_share_words_are_normalised() -> None:
    assert indicator_terms("全区城区新建绿色建筑占新建建筑比例") == {"绿色", "建筑", "比例"}
    assert indicator_terms("战略性新兴产业占规模以上工业总产值比重") >= {"比例", "新兴产业"}
    assert "新增" in indicator_terms("新增新能源装机")  # 新增 (added) is what is counted


@pytest.mark.parametrize("name", ["queries.compare_match", "queries.frames"])
def test_doc_examples(name: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert tried > 0 and failures == 0


def test_respectively_lists_pair_in_order_across_districts(store: str) -> None:
    # 永川府发〔2023〕5号: 绿色防控、统防统治覆盖率分别达到45%、50%; 石柱: 战略性新兴产业、高技术产业占规模以上
    # 工业总产值比重分别提高至25%、15% (主要目标) — the wrong pairings
    rows, _ = compare(store, "--indicator", "统防统治覆盖率", "--indicator", "高技术产业",
                      "--district", "永川区", "--district", "石柱县")
    found = {(r["district"], r["indicator"]): r["value"] for r in rows if r["status"] == "set"}
    assert found[("永川区", "统防统治覆盖率")] == 50
    assert found[("石柱县", "高技术产业占规模以上工业总产值比重")] == 15
    assert ("永川区", "绿色防控覆盖率") not in found  # a different indicator, not matched


def test_exact_decimals_direction_and_base_year(store: str) -> None:
    # 永川府发〔2023〕5号 主要目标: 能源消耗比2020年下降14.5%；化学需氧量…减排量分别达到2133.3吨、89.85吨…
    rows, _ = compare(store, "--indicator", "减排量", "--district", "永川区")
    assert sorted(cells(rows, "indicator", "value", "unit")) == sorted([
        ("化学需氧量重点工程减排量", 2133.3, "吨"), ("氨氮重点工程减排量", 89.85, "吨"),
        ("氮氧化物重点工程减排量", 1614, "吨"), ("挥发性有机物重点工程减排量", 330.5, "吨")])
    rows, _ = compare(store, "--indicator", "单位地区生产总值能源消耗", "--district", "永川区")
    assert cells(rows, "value", "direction", "base_year") == [(14.5, "decrease", 2020)]
    table, _ = compare(store, "--indicator", "减排量", "--district", "永川区", fmt="table")
    assert "2133.3" in table and "89.85" in table
