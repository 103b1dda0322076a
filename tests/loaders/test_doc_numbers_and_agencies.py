"""文号 variants, agency recognition, normalisation, aliases and district scope."""

from __future__ import annotations

import pytest

from policykg.loaders.agencies import classify, resolve, split_units
from policykg.loaders.assignments import parse_responsibility
from policykg.loaders.doc_number import find_doc_numbers, parse_doc_number


@pytest.mark.parametrize(
    "written",
    [
        "国发〔2021〕4号",
        "国发[2021]4号",
        "国发［2021］4号",
        "国发（2021）4号",
        "国发(2021)4号",
        "国发【2021】4号",
        "国发〔 2021〕4 号",
        "国发 〔2021〕 4号",
        "国发〖2021〗4号",
    ],
)
def test_every_bracket_and_spacing_variant(written: str) -> None:
    number = parse_doc_number(written)
    assert (number.daizi, number.year, number.serial) == ("国发", 2021, 4)
    assert number.text == "国发〔2021〕4号"


def test_doc_numbers_in_running_text_lose_the_lead_in() -> None:
    text = "根据《实施意见》（渝府发〔2021〕31号）和国发[2021]4号文件，按照市住建委文件（渝建绿建〔2022〕3号）要求"
    assert [f.number.text for f in find_doc_numbers(text)] == [
        "渝府发〔2021〕31号",
        "国发〔2021〕4号",
        "渝建绿建〔2022〕3号",
    ]


def test_not_doc_numbers() -> None:
    assert parse_doc_number("2022年2月16日") is None
    assert parse_doc_number("国发〔2021〕4号文件") is None
    assert find_doc_numbers("到2025年，达到90%以上") == []


@pytest.mark.parametrize(
    "unit",
    [
        "区创文办",
        "立山经济开发区",
        "区新城建管委",
        "永川高新区管委会",
        "人行永川中心支行",
        "市邮管七分局",
        "团区委",
        "区残联",
    ],
)
def test_units_never_seen_before_are_recognised(unit: str) -> None:
    assert classify(unit) == "agency"


@pytest.mark.parametrize("name", ["张伟", "李明华", "王芳", "施崇刚", "包安洪"])
def test_person_names_are_not_agencies(name: str) -> None:
    assert classify(name) == "person"


@pytest.mark.parametrize(
    "phrase",
    [
        "全区各相关部门",
        "有关单位",
        "区级有关部门",
        "各镇街",
        "各街道",
        "区碳达峰碳中和工作领导小组成员单位",
    ],
)
def test_collective_phrases(phrase: str) -> None:
    assert classify(phrase) == "collective"


def test_companies_are_units_of_their_own_type() -> None:
    # a state-owned company named in a responsibility list is a unit (issue 12); a printing
    # company in a gazette's masthead is kept out by the parser, which never reads a masthead
    assert classify("新六通图文设计有限责任公司") == "agency"
    assert resolve("新六通图文设计有限责任公司", "南川区").type == "company"


def test_aliases_merge_within_a_district() -> None:
    assert resolve("区国资管理中心", "永川区").key == resolve("区国有资产管理中心", "永川区").key
    assert resolve("永川区税务局", "永川区").key == resolve("区税务局", "永川区").key
    assert (
        resolve("区发展改革委", "綦江区").canonical
        == resolve("重庆市綦江区发展和改革委员会", "綦江区").canonical
    )


def test_agencies_are_scoped_by_district() -> None:
    yongchuan, qijiang = resolve("区生态环境局", "永川区"), resolve("区生态环境局", "綦江区")
    assert (yongchuan.canonical, qijiang.canonical) == (
        "重庆市永川区生态环境局",
        "重庆市綦江区生态环境局",
    )


def test_a_later_unit_inherits_the_prefix_the_first_had() -> None:
    found = parse_responsibility("区经济信息委牵头，区科技局、商务委配合", "合川区")
    assert [a.canonical for a in found.assignments] == [
        "重庆市合川区经济和信息化委员会",
        "重庆市合川区科学技术局",
        "重庆市合川区商务委员会",
    ]
    assert split_units("省科技厅、工业和信息化厅") == ["省科技厅", "省工业和信息化厅"]
    assert split_units("城管局、市政局、环卫处") == ["城管局", "市政局", "环卫处"]  # 市政 is no level
    assert split_units("区教育局、团区委") == ["区教育局", "团区委"]
    provincial = parse_responsibility("省科技厅、工业和信息化厅", None)
    assert [a.key for a in provincial.assignments] == ["省科技厅", "省工业和信息化厅"]


def test_run_together_units_are_split_with_jieba() -> None:
    assert split_units("区发展改革委会同区财政局") == ["区发展改革委", "区财政局"]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "（区住房城乡建委牵头，区城市管理局配合）",
            [("区住房城乡建委", "lead"), ("区城市管理局", "co")],
        ),
        (
            "[牵头单位:区发展改革委;责任单位:区财政局、区税务局]",
            [("区发展改革委", "lead"), ("区财政局", "co"), ("区税务局", "co")],
        ),
        (
            "牵头单位：区生态环境局\n参与单位：区公安局",
            [("区生态环境局", "lead"), ("区公安局", "co")],
        ),
        (
            "主办单位：区发展改革委\n协办单位：区财政局、区科技局",
            [("区发展改革委", "lead"), ("区财政局", "co_handler"), ("区科技局", "co_handler")],
        ),
        (
            "区发展改革委、区经济信息委等按职责分工负责",
            [("区发展改革委", "joint"), ("区经济信息委", "joint")],
        ),
        ("区机关事务管理中心负责", [("区机关事务管理中心", "lead")]),
    ],
)
def test_roles_in_every_notation(statement: str, expected: list[tuple[str, str]]) -> None:
    found = parse_responsibility(statement, "永川区")
    assert [(a.agency, a.role) for a in found.assignments] == expected
    assert all(a.basis == "explicit" for a in found.assignments)
