"""Records written by hand from the corpus files, and the Turtle each must build to."""

from __future__ import annotations

from decimal import Decimal

from policykg.loaders.records import (
    Assignment,
    Attachment,
    Deadline,
    DocNumber,
    Document,
    Extraction,
    Indicator,
    Proposal,
    Section,
    Source,
    Target,
    Task,
)

YONGCHUAN = Extraction(
    Source(
        "data/corpus/chongqing/yongchuan_2022_green_lowcarbon_task_list.txt",
        "0" * 64,
        "utf-8",
        "task_table",
    ),
    (
        Document(
            doc_number="永川府办发〔2022〕14号",
            doc_number_parts=DocNumber("永川府办发", 2022, 14),
            title="关于印发重庆市永川区加快建立健全绿色低碳循环发展经济体系重点任务清单的通知",
            type="通知",
            issuer="重庆市永川区人民政府办公室",
            district="永川区",
            date="2022-02-16",
            publication="此件公开发布",
            addressees=("各镇人民政府、街道办事处", "区政府各部门", "有关单位"),
            implements=("国发〔2021〕4号", "渝府发〔2021〕31号"),
            cited_titles=(
                ("国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见", "国发〔2021〕4号"),
                (
                    "重庆市人民政府关于加快建立健全绿色低碳循环经济体系的实施意见",
                    "渝府发〔2021〕31号",
                ),
                ("排污许可管理条例", None),
            ),
            sections=(
                Section("1", "一、", "建立健全绿色低碳循环发展的生产体系"),
                Section("1.1", "（一）", "推进工业绿色升级", parent="1", level=2),
            ),
            tasks=(
                Task(
                    "2",
                    "2",
                    "1.1",
                    "加快实施钢铁、化工、有色、建材、造纸等行业绿色化改造。",
                    (36, 38),
                    (
                        Assignment(
                            "区经济信息委",
                            "重庆市永川区经济和信息化委员会",
                            "lead",
                            "listing_order",
                            line=38,
                            key="经济和信息化委员会",
                            district="永川区",
                        ),
                        Assignment(
                            "区生态环境局",
                            "重庆市永川区生态环境局",
                            "co",
                            "listing_order",
                            line=38,
                            key="生态环境局",
                            district="永川区",
                        ),
                    ),
                ),
                Task(
                    "6",
                    "6",
                    "1.1",
                    "开展“双超双有高耗能”企业强制性清洁生产审核工作。",
                    (52, 54),
                    (
                        Assignment(
                            "区生态环境局",
                            "重庆市永川区生态环境局",
                            "lead",
                            "explicit",
                            line=54,
                            key="生态环境局",
                            district="永川区",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

QIJIANG = Extraction(
    Source(
        "data/corpus/chongqing/qijiang_2022_proposal_reply.txt", "1" * 64, "utf-8", "proposal_reply"
    ),
    (
        Document(
            doc_number="綦发改函〔2022〕140号",
            doc_number_parts=DocNumber("綦发改函", 2022, 140),
            title="重庆市綦江区发展和改革委员会关于区政协三届一次会议第024号提案的复函",
            type="函",
            issuer="重庆市綦江区发展和改革委员会",
            district="綦江区",
            date="2022-06-27",
            addressees=("包安洪委员",),
            cites=("渝建绿建〔2022〕3号",),
            responds_to=Proposal(
                "第024号", "关于深化綦江区绿色发展的一些建议", "区政协三届一次会议", "包安洪"
            ),
            tasks=(
                Task(
                    "1",
                    "第024号",
                    None,
                    "办理区政协三届一次会议第024号提案《关于深化綦江区绿色发展的一些建议》",
                    (6, 8),
                    (
                        Assignment(
                            "重庆市綦江区发展和改革委员会",
                            "重庆市綦江区发展和改革委员会",
                            "lead",
                            "explicit",
                            line=3,
                            key="发展和改革委员会",
                            district="綦江区",
                        ),
                        Assignment(
                            "区生态环境局",
                            "重庆市綦江区生态环境局",
                            "co_handler",
                            "explicit",
                            line=8,
                            key="生态环境局",
                            district="綦江区",
                        ),
                        Assignment(
                            "区住房城乡建委",
                            "重庆市綦江区住房和城乡建设委员会",
                            "co_handler",
                            "explicit",
                            line=8,
                            key="住房和城乡建设委员会",
                            district="綦江区",
                        ),
                    ),
                    kind="proposal_handling",
                ),
            ),
        ),
    ),
)

NANCHUAN = Extraction(
    Source("data/corpus/chongqing/nanchuan_2022_gazette_issue5.txt", "2" * 64, "utf-8", "gazette"),
    (
        Document(
            doc_number="南川府发〔2022〕34号",
            doc_number_parts=DocNumber("南川府发", 2022, 34),
            title="重庆市南川区人民政府关于加快推进绿色发展的实施意见",
            type="意见",
            issuer="重庆市南川区人民政府",
            district="南川区",
            date="2022-10-26",
            publication="此件公开发布",
            cc=("区委办公室", "区人大办公室"),
            implements=("国发〔2021〕4号",),
            attachments=(Attachment("南川区加快建立绿色发展目标体系", True),),
            tasks=(
                Task(
                    "18",
                    "18",
                    None,
                    "推动能源体系绿色低碳转型。坚持节能优先，严格落实能源消费总量和强度双控制度。不断优化能源结构，推进凉风垭等风电项目建成投用，推动其他具备条件的地区建设分散式风机，鼓励在荒山荒坡开展集中式光伏发电及工业园区屋顶光伏，力争“十四五”期间全区新增新能源装机43万千瓦以上。有限、有序、有偿开发利用凤嘴江等中小河流水能资源，推进老旧水电站增效扩容改造。加大页岩气就地利用转化，积极推动LNG加工等项目建设，实现页岩气综合利用。增加农村清洁能源供给，推动农村分布式光伏、生物质能源发展。持续推进燃煤消费替代，加快推进煤炭清洁高",
                    (158, 158),
                    targets=(Target("新增新能源装机", 43, "万千瓦", 2025, "≥"),),
                ),
            ),
            indicators=(
                Indicator("绿色生产体系", 10, "畜禽粪污资源化利用率", "%", 90, 2025),
                Indicator("资源循环利用", 15, "大宗固废年利用量", "万吨", 161.4, 2025),
            ),
        ),
    ),
)

# 铜梁府办发〔2023〕8号 (tests/data/loaders/task_table/tongliang_deadline_column.txt) task 2 with its
# 完成时限 cell 6月底前, task 3 with 长期坚持, and a goal row and a target of 永川府发〔2023〕5号's wording
# (2133.3 吨 stays 2133.3; 比2020年下降15%; 力争…92%以上)
TONGLIANG = Extraction(
    Source("tests/data/loaders/task_table/tongliang_deadline_column.txt", "3" * 64, "utf-8",
           "task_table"),
    (
        Document(
            doc_number="铜梁府办发〔2023〕8号",
            doc_number_parts=DocNumber("铜梁府办发", 2023, 8),
            title="关于印发铜梁区2023年生态环境保护重点任务清单的通知",
            type="通知",
            issuer=None,
            district=None,
            date="2023-02-20",
            tasks=(
                Task("2", "2", None, "开展餐饮油烟专项整治。", (19, 19),
                     deadline=Deadline("by", "2023-06", "6月底前", line=19)),
                Task("3", "3", None, "强化建筑工地扬尘管控。", (20, 20),
                     targets=(
                         Target("规上工业企业用水重复利用率", Decimal("92"), "%", 2025, "≥",
                                strive=True, line=20),
                         Target("万元工业增加值用水量", Decimal("15"), "%", 2025, "=",
                                direction="decrease", base_year=2020, line=20),
                     ),
                     deadline=Deadline("ongoing", None, "长期坚持", line=20)),
            ),
            indicators=(
                Indicator("主要目标", 2, "化学需氧量重点工程减排量", "吨", Decimal("2133.3"), 2025,
                          comparator="=", line=22),
            ),
        ),
    ),
)

# case name → (records, expected Turtle file beside this module)
CASES = {
    "yongchuan_task_table": YONGCHUAN,
    "qijiang_reply": QIJIANG,
    "nanchuan_indicator": NANCHUAN,
    "tongliang_deadlines": TONGLIANG,
}
