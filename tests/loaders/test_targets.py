"""Targets of the samples, every one of their 分别, shared-list and series sentences, by hand.

Values are written from the texts (永川府发〔2023〕5号, 石柱县 measures); each row is
(indicator, value as written, unit, comparator, direction, base year).
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from policykg.loaders import extract_paths
from policykg.loaders.targets import find_targets

CORPUS = Path(__file__).parent.parent.parent / "data" / "corpus" / "chongqing"


def stated(name: str) -> dict[int, list[tuple]]:
    """Task targets and goal rows of a sample, by evidence line."""
    doc = next(iter(extract_paths([CORPUS / name]))).documents[0]
    found: dict[int, list[tuple]] = {}
    for t in (t for task in doc.tasks for t in task.targets):
        found.setdefault(t.line, []).append(
            (t.indicator, str(t.value), t.unit, t.comparator, t.direction, t.base_year))
    for i in doc.indicators:
        found.setdefault(i.line, []).append(
            (i.name, str(i.value), i.unit, i.comparator, i.direction, i.base_year))
    return found


YONGCHUAN = {
    # 到2025年，全区单位地区生产总值能源消耗比2020年下降14.5%，…化学需氧量、氨氮、氮氧化物、挥发性有机物
    # 重点工程减排量分别达到2133.3吨、89.85吨、1614吨、330.5吨。
    22: [("单位地区生产总值能源消耗", "14.5", "%", "=", "decrease", 2020),
         ("化学需氧量重点工程减排量", "2133.3", "吨", "=", None, None),
         ("氨氮重点工程减排量", "89.85", "吨", "=", None, None),
         ("氮氧化物重点工程减排量", "1614", "吨", "=", None, None),
         ("挥发性有机物重点工程减排量", "330.5", "吨", "=", None, None)],
    # 力争规上工业企业用水重复利用率达到92%以上，万元工业增加值用水量比2020年下降15%
    26: [("规上工业企业用水重复利用率", "92", "%", "≥", None, None),
         ("万元工业增加值用水量", "15", "%", "=", "decrease", 2020)],
    # 建成市级绿色园区2个、市级绿色工厂18家
    28: [("建成市级绿色园区", "2", "个", "=", None, None),
         ("建成市级绿色工厂", "18", "家", "=", None, None)],
    # 农作物秸秆综合利用率稳定在90%以上，畜禽粪污综合利用率达到90%以上；全区主要农作物化肥、农药利用率
    # 稳定在43%以上，绿色防控、统防统治覆盖率分别达到45%、50%
    40: [("农作物秸秆综合利用率", "90", "%", "≥", None, None),
         ("畜禽粪污综合利用率", "90", "%", "≥", None, None),
         ("主要农作物化肥利用率", "43", "%", "≥", None, None),
         ("农药利用率", "43", "%", "≥", None, None),
         ("绿色防控覆盖率", "45", "%", "=", None, None),
         ("统防统治覆盖率", "50", "%", "=", None, None)],
    # 公共机构单位建筑面积能耗下降6%、人均综合能耗下降7%
    44: [("各级党政机关、事业单位新增和更新的公务用车纯电动汽车占比", "30", "%", "≥", None, None),
         ("公共机构单位建筑面积能耗", "6", "%", "=", "decrease", None),
         ("人均综合能耗", "7", "%", "=", "decrease", None)],
    # 煤炭消费占能源消费总量比重下降至30%左右 (a level, not a change)
    50: [("煤炭消费占能源消费总量比重", "30", "%", "≈", None, None)],
    # 溶剂型工业涂料、溶剂型油墨使用比例分别降低20%、15%，溶剂型胶粘剂使用量下降20%
    53: [("溶剂型工业涂料使用比例", "20", "%", "=", "decrease", None),
         ("溶剂型油墨使用比例", "15", "%", "=", "decrease", None),
         ("溶剂型胶粘剂使用量", "20", "%", "=", "decrease", None)],
}

SHIZHU = {
    # 战略性新兴产业、高技术产业占规模以上工业总产值比重分别提高至25%、15%，… 森林覆盖率达到62%以上，
    # 环境空气质量优良天数保持350天以上
    16: [("战略性新兴产业占规模以上工业总产值比重", "25", "%", "=", None, None),
         ("高技术产业占规模以上工业总产值比重", "15", "%", "=", None, None),
         ("数字经济增加值占地区生产总值比重", "15", "%", "=", None, None),
         ("非化石能源消费占一次能源比例", "20", "%", "=", None, None),
         ("大宗工业固体废物资源化利用率", "65", "%", "=", None, None),
         ("森林覆盖率", "62", "%", "≥", None, None),
         ("环境空气质量优良天数", "350", "天", "≥", None, None)],
    # 新增风电装机容量26万千瓦以上
    50: [("新增风电装机容量", "26", "万千瓦", "≥", None, None)],
    # “十四五”期间新增充电站18座、充电桩80台
    54: [("新增充电站", "18", "座", "=", None, None),
         ("新增充电桩", "80", "台", "=", None, None),
         ("高速公路废旧路面材料循环利用率", "100", "%", "=", None, None)],
    # 城镇绿色建筑占新建建筑比例达到68%。…“十四五”期间巩固31个、新建25个美丽宜居乡村
    56: [("城镇绿色建筑占新建建筑比例", "68", "%", "=", None, None),
         ("巩固美丽宜居乡村", "31", "个", "=", None, None),
         ("新建美丽宜居乡村", "25", "个", "=", None, None)],
}


@pytest.mark.parametrize(("name", "want"), [
    ("yongchuan_2023_energy_saving_plan.txt", YONGCHUAN),
    ("shizhu_2022_green_lowcarbon_measures.txt", SHIZHU),
])
def test_sample_targets(name: str, want: dict[int, list[tuple]]) -> None:
    found = stated(name)
    for line, rows in want.items():
        assert found.get(line) == rows, f"line {line}"


def test_value_is_the_texts_digits() -> None:
    (target,) = find_targets("减排量达到2133.30吨")
    assert target.value == Decimal("2133.30") and str(target.value) == "2133.30"


@pytest.mark.parametrize(("text", "comparator", "strive"), [
    ("森林覆盖率达到62%以上", "≥", False),
    ("PM2.5年均浓度不超过35微克/立方米", "≤", False),
    ("细颗粒物浓度控制在30微克/立方米以内", "≤", False),
    ("能源消费总量控制在100万吨标准煤左右", "≈", False),
    ("城市污水处理率不低于95%", "≥", False),
    ("劣V类水体比例低于5%", "<", False),
    ("力争森林覆盖率达到55%", "=", True),
])
def test_comparators(text: str, comparator: str, strive: bool) -> None:
    (target,) = find_targets(text)
    assert (target.comparator, target.strive) == (comparator, strive)


def test_units_as_written() -> None:
    found = find_targets("新增光伏装机20万千瓦，建成污水管网35公里，处理能力达到1200吨/日，"
                         "新建充电桩500台、换电站3座，优良天数达到330天")
    assert [(t.unit, str(t.value)) for t in found] == [
        ("万千瓦", "20"), ("公里", "35"), ("吨/日", "1200"), ("台", "500"), ("座", "3"),
        ("天", "330")]


def test_base_year_with_respectively_on_either_side() -> None:
    for text in ("单位GDP能耗、二氧化碳排放量分别比2020年下降14%、18%",
                 "单位GDP能耗、二氧化碳排放量比2020年分别下降14%、18%"):
        assert [(t.indicator, str(t.value), t.direction, t.base_year) for t in find_targets(text)] \
            == [("单位GDP能耗", "14", "decrease", 2020), ("二氧化碳排放量", "18", "decrease", 2020)]


def test_conditions_are_not_targets() -> None:
    assert find_targets("对进水生化需氧量浓度低于100mg/L的污水厂实施改造") == []
    assert find_targets("鼓励年产废量1万吨以上的企业建设处置设施") == []


def test_target_finding_is_linear() -> None:
    """Long runs of the characters the patterns look for stay fast (a fuzz run once hung here)."""
    for unit in ("达到" * 5000, "1、" * 5000, "分别" * 5000, "1.1%" * 5000, "、达到1" * 3000):
        started = time.perf_counter()
        find_targets(unit)
        assert time.perf_counter() - started < 2.0, unit[:8]
