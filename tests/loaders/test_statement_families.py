"""Every family of responsibility statement, one case each cut from a real text of the development
set (data/corpus/realworld/); the expected (unit, role) pairs were read by hand from the text."""

from __future__ import annotations

import pytest

from policykg.loaders import extract_text
from policykg.loaders.assignments import parse_responsibility, prose_statement
from policykg.loaders.doc_number import head_doc_number
from policykg.loaders.tables import align


def _pairs(statement: str, district: str | None = None) -> list[tuple[str, str]]:
    return [(a.agency, a.role) for a in parse_responsibility(statement, district).assignments]


def _tasks(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    (document,) = extract_text(text).documents
    return [(t.number, [(a.agency, a.role) for a in t.assignments]) for t in document.tasks]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # 武汉市 p5 item 84: 、 inside a group, ， between groups, ； between labels
        (
            "牵头单位:市自然资源规划局;责任单位:市财政局、市城建局、市房管局,各区人民政府",
            [("市自然资源规划局", "lead"), ("市财政局", "co"), ("市城建局", "co"), ("市房管局", "co")],
        ),
        # 咸宁市咸安区 item 7: a person field first, two leads
        (
            "责任领导:杜新国、丁玲;牵头单位:区发改局、区农业农村局",
            [("区发改局", "lead"), ("区农业农村局", "lead")],
        ),
        # 昆明市官渡区 item 4: an unmarked group between the lead and 配合 takes 配合
        (
            "区发改局牵头,区财政局、区交运局、区水务局等部门,区国投公司、各街道办事处配合",
            [
                ("区发改局", "lead"),
                ("区财政局", "co"),
                ("区交运局", "co"),
                ("区水务局", "co"),
                ("区国投公司", "co"),
            ],
        ),
        # 咸阳市 item 1 (traditional in the file): two leads, then a collective 按职责分工负责
        (
            "市政府办公室、市行政审批制度改革工作领导小组办公室牵头,市级各有关部门及各县市区政府按职责分工负责",
            [("市政府办公室", "lead"), ("市行政审批制度改革工作领导小组办公室", "lead")],
        ),
        # 武汉市 p9 item 205: a 责任单位 alone is the lead
        ("责任单位:市教育局", [("市教育局", "lead")]),
        # 青岛市 item 1: 参与单位 after a 牵头单位
        ("牵头单位:市科技局,参与单位:青岛蓝谷管理局", [("市科技局", "lead"), ("青岛蓝谷管理局", "co")]),
        # 北京市大兴区 item 1: a post is never a unit; 主要责任单位 alone is the lead
        ("牵头领导:常务副区长;主要责任单位:区发展改革委", [("区发展改革委", "lead")]),
    ],
)
def test_parenthetical_and_label_statements(statement: str, expected: list) -> None:
    assert _pairs(statement) == expected


def test_a_note_naming_parts_of_a_body_is_collective() -> None:
    # 武汉市 p9 item 209
    found = parse_responsibility(
        "牵头单位:市疫情防控指挥部办公室;责任单位:市疫情防控指挥部各工作组,市直各相关部门", None
    )
    assert [a.agency for a in found.assignments] == ["市疫情防控指挥部办公室"]
    assert "市疫情防控指挥部各工作组" in found.collective


def test_unit_first_prose() -> None:
    # 菏泽市 notice, point 三
    assert prose_statement("三、加强督导,健全推进机制。市发展改革委负责《方案》工作任务的统一督导调度") == (
        "市发展改革委负责"
    )
    # 内蒙古 PDF page: a column fragment on its own line after prose
    assert prose_statement("形成社\n自治区住房城乡建设厅牵头,") == "自治区住房城乡建设厅牵头"
    # the notice's own exhortations name no unit
    assert prose_statement("各牵头单位要统筹落实任务事项,制定工作推进方案") is None


def test_statements_inside_running_prose_cut_it_into_items() -> None:
    # 调兵山市 督查专报: 一是…(责任单位:X);二是…
    text = (
        "关于铁岭市重点民生实事进展情况的督查专报\n\n"
        "涉及我市的任务有3个,分别为:一是维修改造中小学校13所(责任单位:市教育局);"
        "二是提高异地就医报销比例,简化临时外出备案流程(责任单位:市医保局);"
        "三是新改建、维修改造农村公路380公里(责任单位:市交通局)。目前已完成。\n"
    )
    assert _tasks(text) == [
        ("一是", [("市教育局", "lead")]),
        ("二是", [("市医保局", "lead")]),
        ("三是", [("市交通局", "lead")]),
    ]


def test_label_lines_under_a_heading_make_it_an_item() -> None:
    # 蔡甸区: （一）… then 责任单位: on its own line
    text = (
        "区人民政府办公室关于印发主要目标任务责任分解方案的通知\n\n"
        "一、2023年全区经济社会发展的主要预期目标\n\n(一)地区生产总值增长7%以上\n\n"
        "责任单位:区发展和改革局\n\n(二)规上工业增加值增长12%以上\n\n责任单位:区科技和经信局\n"
    )
    assert _tasks(text) == [
        ("1", [("区发展和改革局", "lead")]),
        ("2", [("区科技和经信局", "lead")]),
    ]


def test_a_heading_naming_a_lead_applies_to_its_items_and_a_person_assigns_nothing() -> None:
    text = (
        "关于印发重点工作分工的通知\n"
        "一、推进数字经济(区经济信息委牵头)\n1.建设数据中心。\n2.发展软件业。(区科技局负责)\n"
        "二、朱伟县长牵头重点工作\n3.财政总收入与经济增长基本同步。\n"
    )
    assert _tasks(text) == [
        ("1", [("区经济信息委", "lead")]),
        ("2", [("区科技局", "lead")]),
        ("3", []),
    ]


def test_a_statement_the_excerpt_stops_inside_still_counts() -> None:
    # 武汉市 p5 item 95, the page ends inside the bracket
    text = "导航菜单\n\n95.谋划第五期轨道交通建设规划项目。(牵头单位:市发改委;责任单位:市财政局、市自然资源规划局"
    assert _tasks(text) == [
        ("95", [("市发改委", "lead"), ("市财政局", "co"), ("市自然资源规划局", "co")])
    ]


def test_table_cells_match_columns_by_content() -> None:
    # 南通市崇川区 row 24: the 全年目标任务 column is empty in the row, persons in 分管领导
    roles = ["text", None, "leader", "lead", "co", None, None, None, None]
    cells = ["优化提升50条背街后巷交通组织。", "徐国江", "城管局", "市政局、相关街道", "已进场施工,完成30%。"]
    assert align(cells, roles) == {
        "text": "优化提升50条背街后巷交通组织。",
        "leader": "徐国江",
        "lead": "城管局",
        "co": "市政局、相关街道",
    }


def test_pipe_table_one_cell_a_line() -> None:
    # 南陵县: 分管县领导 persons (names run together), 牵头责任单位, 责任单位 collective
    text = (
        "2024年《政府工作报告》重点工作目标任务分解表\n序号 |\n目标与任务 |\n分 管 县领导 |\n"
        "牵头责任单位 |\n责任单位 |\n80 |\n加大普惠性托育供给,新增托位数400个以上。 |\n俞 悦 |\n"
        "县教育局 |\n县各有关单位 |\n81 |\n保障芜职院现代物流智造学院秋季开学。 |\n陆 明俞 悦 |\n"
        "县教育局 |\n县各有关单位 |\n"
    )
    extraction = extract_text(text)
    assert extraction.source.kind == "task_table"
    assert _tasks(text) == [("80", [("县教育局", "lead")]), ("81", [("县教育局", "lead")])]
    assert extraction.documents[0].tasks[0].collective == ("县各有关单位",)


def test_reply_form_one_cell_a_line_and_prose_cohandlers() -> None:
    # 巴南区 reply: 主办 lost its first character in the flattened form
    text = (
        "重庆市巴南区生态环境局关于政协重庆市巴南区十五届二次会议第235号提案的答复函\n\n王进委员:\n\n"
        "你提出的提案收悉。\n\n办单位\n\n区生态环境局\n\n协办单位\n\n区城乡一体发展中心、区农业农村委\n"
    )
    (task,) = extract_text(text).documents[0].tasks
    assert [(a.agency, a.role) for a in task.assignments] == [
        ("区生态环境局", "lead"),
        ("区城乡一体发展中心", "co_handler"),
        ("区农业农村委", "co_handler"),
    ]
    # 綦江高新区 reply: co-handlers named only in prose
    text = (
        "重庆綦江高新技术产业开发区管理委员会关于区三届人大三次会议第133号建议的复函\n\n刘昌明代表:\n\n"
        "您提出的建议收悉。经与区城市管理局、区文化旅游委共同研究办理,现答复如下:\n"
    )
    (task,) = extract_text(text).documents[0].tasks
    assert [(a.agency, a.role) for a in task.assignments][1:] == [
        ("区城市管理局", "co_handler"),
        ("区文化旅游委", "co_handler"),
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["• 发文序号:京兴政办发〔2023〕1 号"], "京兴政办发〔2023〕1号"),  # 北京市大兴区
        (["文件编号:  长政办发〔2023〕7号 发布机构:  长兴县政府办公室"], "长政办发〔2023〕7号"),  # 长兴县
        (["发文字号", "郧政发〔2023〕5号"], "郧政发〔2023〕5号"),  # 郧阳区, label and value on two lines
        (["菏政办字 〔2023〕1号"], "菏政办字〔2023〕1号"),  # 菏泽市, spaced
        (["鞍立政发〔2023〕2号立山区人民政府关于印发方案的通知"], "鞍立政发〔2023〕2号"),  # 立山区
    ],
)
def test_doc_number_wherever_it_stands(lines: list[str], expected: str) -> None:
    assert head_doc_number(lines).text == expected


def test_an_excerpt_is_read_and_a_text_without_policy_content_refused() -> None:
    excerpt = "导航菜单\n\n204.推进学前教育优质普惠发展。(牵头单位:市教育局;责任单位:各区人民政府)\n"
    (document,) = extract_text(excerpt).documents
    assert document.complete is False
    assert "no 文号 found" in document.warnings
    assert [(a.agency, a.role) for a in document.tasks[0].assignments] == [("市教育局", "lead")]
    refused = extract_text("Meeting notes\n\nWe talked about the budget.\n", path="notes.txt")
    assert refused.documents == ()
    assert refused.errors[0].startswith("notes.txt: no policy content")


def test_a_unit_no_rule_knows_is_kept_and_listed_in_the_warnings() -> None:
    (document,) = extract_text(
        "导航\n\n5.推进碳达峰行动。(牵头单位:市双碳工作专班;责任单位:市发改委)\n"
    ).documents
    assert [(a.agency, a.role) for a in document.tasks[0].assignments] == [
        ("市双碳工作专班", "lead"),
        ("市发改委", "co"),
    ]
    assert "units no agency rule knows, kept as agencies: 市双碳工作专班" in document.warnings


def test_a_label_whose_value_stands_on_the_next_line() -> None:
    text = (
        "关于印发方案的通知\n一、总体要求\n1.推进数字经济。\n牵头单位：\n区经济信息委\n"
        "配合单位：\n区财政局、区科技局\n2.发展软件。（区科技局协助，区经济信息委牵头负责）\n"
    )
    assert _tasks(text) == [
        ("1", [("区经济信息委", "lead"), ("区财政局", "co"), ("区科技局", "co")]),
        ("2", [("区科技局", "co"), ("区经济信息委", "lead")]),  # in the order written
    ]
