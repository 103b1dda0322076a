"""Agencies anywhere in China: units, scopes, persons, posts, collectives and shared affixes.

Every unit and expectation is cut by hand from the development texts in
shared/corpus/realworld/ (the file is named beside each case) or the Chongqing samples; the
canonical names were written from the text and the place that issued it, not from the code.
"""

from __future__ import annotations

import pytest

from policykg.loaders.agencies import (
    classify,
    district_of,
    issuing_district,
    person_names,
    resolve,
    split_units,
)
from policykg.loaders.assignments import parse_responsibility
from policykg.loaders.pipeline import extract_text
from policykg.loaders.places import lineage, place_of, place_of_daizi

# unit  district (of the document)  canonical  key  type  scope (the agency IRI's district)
UNITS = """
# 湖北 武汉市 (wuhan_city_gzbg_fenjie_2023_mirror_p5 / p9): a city-level document
市自然资源规划局 武汉市 武汉市自然资源和规划局 自然资源和规划局 department 武汉市
市发改委 武汉市 武汉市发展和改革委员会 发展和改革委员会 department 武汉市
市卫健委 武汉市 武汉市卫生健康委员会 卫生健康委员会 department 武汉市
市文旅局 武汉市 武汉市文化和旅游局 文化和旅游局 department 武汉市
市残联 武汉市 武汉市残疾人联合会 残疾人联合会 people_org 武汉市
洪山区人民政府 武汉市 武汉市洪山区人民政府 人民政府 government 洪山区
市城投公司 武汉市 武汉市城投公司 城投公司 company 武汉市
武汉城建集团 武汉市 武汉城建集团 武汉城建集团 company 武汉市
武汉地铁集团 武汉市 武汉地铁集团 武汉地铁集团 company 武汉市
东湖高新区管委会 武汉市 武汉市东湖高新技术产业开发区管理委员会 东湖高新区管委会 zone 武汉市
# 内蒙古自治区 (neimenggu_laojiuxiaoqu_2020_pdfpage22): 自治区 stands for the province
自治区住房城乡建设厅 内蒙古自治区 内蒙古自治区住房和城乡建设厅 住房和城乡建设厅 department 内蒙古自治区
# 山东 青岛市 (qingdao_xjdn_2023_trad_pinyin, after t2s)
市科技局 青岛市 青岛市科学技术局 科学技术局 department 青岛市
# 辽宁 鞍山市立山区 (lishan_fenjie_2023)
区工信局 立山区 鞍山市立山区工业和信息化局 工业和信息化局 department 立山区
税务局 立山区 国家税务总局鞍山市立山区税务局 税务局 vertical 立山区
立山经济开发区 立山区 立山经济开发区 立山经济开发区 zone 立山区
# 辽宁 调兵山市, a county-level city (tieling_diaobingshan_…): 市 is the city itself
市医保局 调兵山市 调兵山市医疗保障局 医疗保障局 department 调兵山市
# 浙江 丽水市莲都区 (lishui_liandu_gzbg_fenjie_2023)
区市场监管局 莲都区 丽水市莲都区市场监督管理局 市场监督管理局 department 莲都区
区供电公司 莲都区 丽水市莲都区供电公司 供电公司 company 莲都区
莲都经开区管委会 莲都区 莲都经济技术开发区管理委员会 莲都经开区管委会 zone 莲都区
# 浙江 湖州市长兴县 (huzhou_changxing_gzbg_fenjie_2023)
县财政局 长兴县 湖州市长兴县财政局 财政局 department 长兴县
# 云南 昆明市官渡区 (kunming_guandu_wenzengzhang_2016)
区住建局 官渡区 昆明市官渡区住房和城乡建设局 住房和城乡建设局 department 官渡区
区国投公司 官渡区 昆明市官渡区国投公司 国投公司 company 官渡区
# 湖北 咸宁市咸安区 (xianning_xianan_…): 市 in a district's text is the city above it
市生态环境局咸安分局 咸安区 咸宁市生态环境局咸安分局 生态环境局咸安分局 department 咸宁市
区经发集团 咸安区 咸宁市咸安区经发集团 经发集团 company 咸安区
# 湖北 武汉市汉阳区 (wuhan_hanyang_…)
永丰街办事处 汉阳区 武汉市汉阳区永丰街办事处 永丰街办事处 township 汉阳区
汉阳经济开发区管委会 汉阳区 汉阳经济开发区管理委员会 汉阳经济开发区管委会 zone 汉阳区
# 北京 大兴区 (beijing_daxing_gzbg_fengong_2023)
区发展改革委 大兴区 北京市大兴区发展和改革委员会 发展和改革委员会 department 大兴区
# 安徽 芜湖市南陵县 (wuhu_nanling_…)
县教育局 南陵县 芜湖市南陵县教育局 教育局 department 南陵县
# 重庆 巴南区 (banan_sthjj_zxta235_reply): townships
惠民街道 巴南区 重庆市巴南区惠民街道 惠民街道 township 巴南区
二圣镇 巴南区 重庆市巴南区二圣镇 二圣镇 township 巴南区
# the Chongqing samples keep their names, keys and IRIs' district
区生态环境局 永川区 重庆市永川区生态环境局 生态环境局 department 永川区
区委宣传部 永川区 中共重庆市永川区委宣传部 区委宣传部 party 永川区
区法院 永川区 重庆市永川区人民法院 人民法院 judicial 永川区
永川区税务局 永川区 国家税务总局重庆市永川区税务局 税务局 vertical 永川区
永川高新区管委会 永川区 永川高新技术产业开发区管理委员会 永川高新区管委会 zone 永川区
人行永川中心支行 永川区 中国人民银行永川中心支行 人行永川中心支行 vertical 永川区
重庆市綦江区发展和改革委员会 綦江区 重庆市綦江区发展和改革委员会 发展和改革委员会 department 綦江区
"""


@pytest.mark.parametrize(
    ("unit", "district", "canonical", "key", "kind", "scope"),
    [line.split() for line in UNITS.strip().splitlines() if not line.startswith("#")],
)
def test_units_of_any_province_are_scoped_and_named(
    unit: str, district: str, canonical: str, key: str, kind: str, scope: str
) -> None:
    assert classify(unit) == "agency"
    name = resolve(unit, district)
    assert (name.canonical, name.key, name.type, name.district) == (canonical, key, kind, scope)
    assert name.recognised


def test_a_party_organ_of_a_province() -> None:
    name = resolve("省委宣传部", "湖北省")
    assert (name.canonical, name.type, name.district) == ("中共湖北省委宣传部", "party", "湖北省")


@pytest.mark.parametrize(
    ("issuer", "title", "daizi", "district"),
    [
        # issuer lines
        ("北京市大兴区人民政府办公室", None, "京兴政办发", "大兴区"),
        ("武汉市汉阳区人民政府办公室", None, "阳政办", "汉阳区"),
        ("重庆綦江高新技术产业开发区管理委员会", None, None, "綦江区"),
        ("内蒙古自治区人民政府办公厅", None, None, "内蒙古自治区"),
        ("调兵山市政府办督查室", "关于铁岭市重点民生实事进展情况的督查专报", None, "调兵山市"),
        ("重庆市永川区人民政府办公室", None, "永川府办发", "永川区"),
        # titles
        (None, "(湖北省)武汉市2023年《政府工作报告》目标任务责任分解方案", None, "武汉市"),
        (None, "2023年莲都区政府工作报告重点工作责任分解第一季度进展情况", None, "莲都区"),
        (None, "郧阳区人民政府关于分解落实2023年区政府工作目标任务的通知", "郧政发", "郧阳区"),
        # the 代字 alone
        (
            None,
            "区人民政府办公室关于印发2023年区《政府工作报告》确定的主要目标任务",
            "蔡政办",
            "蔡甸区",
        ),
        (
            None,
            "关于印发深化新旧动能转换推动绿色低碳高质量发展分工落实方案的通知",
            "菏政办字",
            "菏泽市",
        ),
        (None, "关于印发立山区政府2023年重点工作任务分解的通知", "鞍立政发", "立山区"),
        (None, "", "渝府发", "重庆市"),
        (None, "", "鲁政办字", "山东省"),
    ],
)
def test_the_issuing_place_from_issuer_title_or_daizi(
    issuer: str | None, title: str | None, daizi: str | None, district: str
) -> None:
    assert issuing_district(issuer, title, daizi) == district


def test_an_ambiguous_daizi_needs_the_text_to_name_its_place() -> None:
    assert place_of_daizi("武政办") is None  # 武汉市, 武威市, 武隆区 … all start with 武
    text = (  # wuhan_city_gzbg_fenjie_2023_mirror_p5: its title and item 87
        "(湖北省)武汉市2023年《政府工作报告》目标任务责任分解方案\n"
        "(牵头单位:市文旅局;责任单位:市自然资源规划局、市房管局,江岸、江汉、汉阳、武昌区人民政府,"
        "武汉文旅集团)"
    )
    assert place_of_daizi("武政办", text).district == "武汉市"


def test_places_come_from_the_national_table() -> None:
    assert [p.district for p in lineage(place_of("石柱县"))] == ["重庆市", "石柱县"]
    assert place_of("石柱土家族自治县").district == "石柱县"
    assert [p.district for p in lineage(place_of("下陆区"))] == ["湖北省", "黄石市", "下陆区"]
    assert [p.district for p in lineage(place_of("阿拉善左旗"))] == [
        "内蒙古自治区",
        "阿拉善盟",
        "阿拉善左旗",
    ]
    assert place_of("神农架林区").level == "county"
    # 江北区 is in 重庆市 and in 宁波市: the record names which
    assert place_of("江北区") is None
    assert {place_of("重庆市江北区").qualified, place_of("宁波市江北区").qualified} == {
        "重庆市江北区",
        "宁波市江北区",
    }
    assert district_of("区人民政府办公室") is None


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("叶林", ("叶林",)),  # huoshan_kfq_2025_pipetable 责任领导
        ("马振明", ("马振明",)),
        ("徐国江", ("徐国江",)),  # nantong_chongchuan 分管领导
        ("俞 悦", ("俞悦",)),  # wuhu_nanling 分管县领导, spaced
        ("陆 明俞 悦", ("陆明", "俞悦")),  # two names run together in one cell
        ("成坤、柯相国、王俊", ("成坤", "柯相国", "王俊")),  # shiyan_yunyang 牵头领导
        ("杜新国、丁玲", ("杜新国", "丁玲")),  # xianning_xianan 责任领导
        ("刘伍寿、陈浩", ("刘伍寿", "陈浩")),
    ],
)
def test_person_cells_are_never_agencies(cell: str, names: tuple[str, ...]) -> None:
    assert person_names(cell) == names
    assert classify(cell) == "person"


@pytest.mark.parametrize(
    "post", ["常务副区长", "分管副区长", "县长", "朱伟县长", "分管县领导", "霍小燕副书记", "局长"]
)
def test_posts_are_never_agencies(post: str) -> None:
    assert classify(post) == "post"


@pytest.mark.parametrize(
    "phrase",
    [
        "各区人民政府",  # wuhan_city p5
        "市疫情防控指挥部各工作组",  # wuhan_city p9
        "市直各相关部门",
        "各区疫情防控指挥部",
        "联席会议成员单位",  # neimenggu
        "各旗县(市、区)人民政府",
        "全区经济运行各专班",  # lishan
        "区直各部门",
        "各相关单位",
        "各产业主管部门",  # yuzhong
        "区属各重点国企",
        "各管委会",
        "县各有关单位",  # wuhu_nanling
        "相关乡镇办",  # xianning_xianan
        "各街办(新区)",  # xialu
        "区疫情防控指挥部成员单位",
        "各乡镇(街道)",  # lishui_liandu
        "各项任务均需各镇街落实",
    ],
)
def test_collective_phrases_are_never_agencies(phrase: str) -> None:
    assert classify(phrase) == "collective"


def test_a_suffix_written_once_for_several_places() -> None:
    # wuhan_city p5, item 87
    units = split_units("市自然资源规划局、市房管局,江岸、江汉、汉阳、武昌区人民政府,武汉文旅集团")
    assert units == [
        "市自然资源规划局",
        "市房管局",
        "江岸区人民政府",
        "江汉区人民政府",
        "汉阳区人民政府",
        "武昌区人民政府",
        "武汉文旅集团",
    ]
    governments = [resolve(u, "武汉市") for u in units[2:6]]
    assert [(g.canonical, g.district, g.key) for g in governments] == [
        ("武汉市江岸区人民政府", "江岸区", "人民政府"),
        ("武汉市江汉区人民政府", "江汉区", "人民政府"),
        ("武汉市汉阳区人民政府", "汉阳区", "人民政府"),
        ("武汉市武昌区人民政府", "武昌区", "人民政府"),
    ]


def test_a_prefix_written_once_for_several_units() -> None:
    found = parse_responsibility("省科技厅、工业和信息化厅", "湖北省")
    assert [a.canonical for a in found.assignments] == ["湖北省科学技术厅", "湖北省工业和信息化厅"]


def test_a_statement_scopes_each_unit_to_its_own_place() -> None:
    # wuhan_city p9, item 207
    found = parse_responsibility(
        "牵头单位:市教育局;责任单位:市发改委、市科技局、市财政局,东湖高新区管委会,洪山区人民政府",
        "武汉市",
    )
    assert [(a.canonical, a.role, a.district) for a in found.assignments] == [
        ("武汉市教育局", "lead", "武汉市"),
        ("武汉市发展和改革委员会", "co", "武汉市"),
        ("武汉市科学技术局", "co", "武汉市"),
        ("武汉市财政局", "co", "武汉市"),
        ("武汉市东湖高新技术产业开发区管理委员会", "co", "武汉市"),
        ("武汉市洪山区人民政府", "co", "洪山区"),
    ]


def test_a_unit_no_rule_knows_is_flagged() -> None:
    # the statement parser keeps it as an agency and lists it in the document's warnings
    assert classify("武汉地铁") == "unknown"
    name = resolve("武汉地铁", "武汉市")
    assert (name.written, name.district, name.recognised) == ("武汉地铁", "武汉市", False)
    assert resolve("武汉地铁集团", "武汉市").recognised


def test_collective_phrases_joined_by_ji_are_two() -> None:
    # xianyang_fangguanfu_2022_trad, item 1 (after t2s)
    assert split_units("市级各有关部门及各县市区政府") == ["市级各有关部门", "各县市区政府"]


@pytest.mark.parametrize(
    ("head", "district"),
    [
        # tieling_diaobingshan_…: no issuer line, a title naming the city above; the page's field
        (
            "关于铁岭市重点民生实事进展情况的督查专报\n\n来源:调兵山市政府办督查室 时间:2023-04-12",
            "调兵山市",
        ),
        # banan_sthjj_zxta235_reply: a bracketed field
        ("[ 发布机构 ] 巴南区生态环境局 [ 有效性 ]", "巴南区"),
        # kunming_guandu_…: no head at all; the cited 《昆明市…》 names the upstream issuer
        (
            "根据《昆明市人民政府关于印发昆明市稳增长促发展若干政策措施的通知》（昆政发〔2016〕13号），"
            "结合官渡区实际，特制定如下政策措施。",
            "官渡区",
        ),
        # yuzhong_gzbg_fenjie_2023_news: a news repost naming the issuer in prose
        (
            "近日，渝中区人民政府办公室发布《2023年区政府工作报告重点工作目标任务分解》方案",
            "渝中区",
        ),
    ],
)
def test_the_issuing_place_from_the_head_of_a_web_copy(head: str, district: str) -> None:
    title = head.split("\n")[0] if "督查专报" in head else None
    assert issuing_district(None, title, None, head) == district


def test_an_unknown_unit_is_kept_and_named_in_the_documents_warnings() -> None:
    # the units of wuhan_city p5 item 94 (武汉地铁集团) with its 集团 cut off
    text = "关于印发重点任务的通知\n\n1.推进轨道交通建设。（牵头单位:市城建局;责任单位:武汉地铁）\n"
    (document,) = extract_text(text).documents
    assert [(a.agency, a.recognised) for a in document.tasks[0].assignments] == [
        ("市城建局", True),
        ("武汉地铁", False),
    ]
    assert "units no agency rule knows, kept as agencies: 武汉地铁" in document.warnings


@pytest.mark.parametrize(
    ("unit", "district", "canonical", "kind"),
    [
        # constructed from general forms (no development text has them)
        ("县纪委", "长兴县", "湖州市长兴县纪律检查委员会", "party"),
        ("区编办", "永川区", "重庆市永川区机构编制委员会办公室", "party"),
        ("区消防救援大队", "永川区", "区消防救援大队", "vertical"),
        ("农业银行永川支行", "永川区", "农业银行永川支行", "company"),
        ("盟发改委", "阿拉善盟", "阿拉善盟发展和改革委员会", "department"),
        ("州发改委", "恩施州", "恩施州发展和改革委员会", "department"),
    ],
)
def test_other_kinds_and_levels(unit: str, district: str, canonical: str, kind: str) -> None:
    name = resolve(unit, district)
    assert (name.canonical, name.type) == (canonical, kind)
