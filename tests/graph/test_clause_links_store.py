"""A loaded municipal document is upstream too: its sections are the clauses its districts align to."""

from __future__ import annotations

from pathlib import Path

from policykg.graph.clause_links import document_units, read_document
from policykg.graph.location import open_read_only
from policykg.graph.store import write_store
from policykg.loaders.pipeline import extract_text
from policykg.queries.clauses import clause_links
from policykg.queries.source import EmbeddedSource

MUNICIPAL = """重庆市人民政府关于加快建立健全绿色低碳循环发展经济体系的实施意见
渝府发〔2021〕31号
各区县（自治县）人民政府，市政府各部门：
一、健全绿色低碳循环发展的生产体系
（一）推进工业绿色升级。加快实施钢铁、化工等行业绿色化改造。（市经济信息委牵头）
（二）加快农业绿色发展。鼓励发展生态种植。（市农业农村委牵头）
二、健全绿色低碳循环发展的流通体系
（三）打造绿色物流。加快绿色物流通道建设。（市交通局牵头）
重庆市人民政府
2021年10月19日
"""
# the district swaps the first two measures and rewords one heading
DISTRICT = """重庆市石柱县人民政府关于加快建立健全绿色低碳循环经济体系的通知
石柱府发〔2022〕9号
各乡镇人民政府：
按照《重庆市人民政府关于加快建立健全绿色低碳循环发展经济体系的实施意见》（渝府发〔2021〕31号）要求，制定如下措施。
一、健全生产体系
（一）加快农业绿色发展。发展生态养殖。（县农业农村委负责）
（二）推动工业绿色升级改造。推进绿色化改造。（县经济信息委负责）
二、健全流通体系
（三）打造绿色物流。建设绿色物流通道。（县交通局负责）
重庆市石柱县人民政府
2022年4月7日
"""


def test_district_sections_align_to_the_loaded_municipal_sections(tmp_path: Path) -> None:
    extractions = [extract_text(MUNICIPAL, path="m/municipal.txt"),
                   extract_text(DISTRICT, path="d/district.txt")]
    write_store(extractions, tmp_path / "store")
    links = clause_links(EmbeddedSource(open_read_only(tmp_path / "store")), status="all")
    got = {(r["local_path"], r["upstream"], r["upstream_path"], r["status"]) for r in links
           if r["document"] == "石柱府发〔2022〕9号" and r["unit"] == "section"}
    # the loaded 渝府发〔2021〕31号 is nearer than 国发〔2021〕4号, which it implements only by registry
    assert got == {
        ("一、", "渝府发〔2021〕31号", "一、", "accepted"),
        ("一、（一）", "渝府发〔2021〕31号", "一、（二）", "accepted"),
        ("一、（二）", "渝府发〔2021〕31号", "一、（一）", "accepted"),
        ("二、", "渝府发〔2021〕31号", "二、", "accepted"),
        ("二、（三）", "渝府发〔2021〕31号", "二、（三）", "accepted"),
    }


def test_a_document_held_by_two_sources_is_read_once(tmp_path: Path) -> None:
    # the same 文号 from two files (the second with an extra line): two source graphs, one document
    write_store([extract_text(MUNICIPAL, path="m/a.txt"),
                 extract_text(MUNICIPAL + "附件：无\n", path="m/b.txt")], tmp_path / "store")
    doc = read_document(open_read_only(tmp_path / "store"),
                        "https://w3id.org/policykg/doc/渝府发-2021-31")
    units = [(u.kind, u.path, u.title) for u in document_units(doc)]
    assert units == [
        ("section", "一、", "健全绿色低碳循环发展的生产体系"),
        ("section", "一、/（一）", "推进工业绿色升级"),
        ("task", "一、/（一）/（一）", "加快实施钢铁、化工等行业绿色化改造"),
        ("section", "一、/（二）", "加快农业绿色发展"),
        ("task", "一、/（二）/（二）", "鼓励发展生态种植"),
        ("section", "二、", "健全绿色低碳循环发展的流通体系"),
        ("section", "二、/（三）", "打造绿色物流"),
        ("task", "二、/（三）/（三）", "加快绿色物流通道建设"),
    ]


# a second county keeps the municipal order and headings
FENGDU = """重庆市丰都县人民政府关于加快建立健全绿色低碳循环经济体系的通知
丰都府发〔2022〕12号
各乡镇人民政府：
按照《重庆市人民政府关于加快建立健全绿色低碳循环发展经济体系的实施意见》（渝府发〔2021〕31号）要求，制定如下措施。
一、健全绿色低碳循环发展的生产体系
（一）推进工业绿色升级。推进企业绿色化改造。（县经济信息委负责）
（二）加快农业绿色发展。发展生态种植。（县农业农村委负责）
二、健全绿色低碳循环发展的流通体系
（三）打造绿色物流。建设绿色物流园区。（县交通局负责）
重庆市丰都县人民政府
2022年5月9日
"""


def test_documents_aligned_one_by_one_against_one_prepared_outline(tmp_path: Path) -> None:
    # two districts share the municipal outline (prepared once): neither's links leak into the other's
    extractions = [extract_text(DISTRICT, path="d/district.txt"),
                   extract_text(MUNICIPAL, path="m/municipal.txt"),
                   extract_text(FENGDU, path="d/fengdu.txt")]
    write_store(extractions, tmp_path / "store")
    links = clause_links(EmbeddedSource(open_read_only(tmp_path / "store")), status="all")
    got = {(r["document"], r["local_path"], r["upstream_path"]) for r in links
           if r["unit"] == "section" and r["upstream"] == "渝府发〔2021〕31号"}
    assert got == {
        ("石柱府发〔2022〕9号", "一、", "一、"), ("石柱府发〔2022〕9号", "一、（一）", "一、（二）"),
        ("石柱府发〔2022〕9号", "一、（二）", "一、（一）"), ("石柱府发〔2022〕9号", "二、", "二、"),
        ("石柱府发〔2022〕9号", "二、（三）", "二、（三）"),
        ("丰都府发〔2022〕12号", "一、", "一、"), ("丰都府发〔2022〕12号", "一、（一）", "一、（一）"),
        ("丰都府发〔2022〕12号", "一、（二）", "一、（二）"), ("丰都府发〔2022〕12号", "二、", "二、"),
        ("丰都府发〔2022〕12号", "二、（三）", "二、（三）"),
    }
