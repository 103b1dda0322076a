"""A loaded municipal document is upstream too: its sections are the clauses its districts align to."""

from __future__ import annotations

from pathlib import Path

from policykg.graph.store import open_read_only, write_store
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
