"""A heading that carries its own responsibility statement and nothing else after its title.

The pieces are real: the head, 文号 and the headings 五、强化工作落实 / （一）加强组织领导。 /
（二）强化监督评价考核。 are those of 永川府发〔2023〕5号 (data/corpus/chongqing/
yongchuan_2023_energy_saving_plan.txt, lines 83-86), and the statements are written in that
document's own notation (（A负责）, （A牵头，B配合）); what is constructed is their place at the end
of the heading line, a notation no text of the corpus happens to use. The fuzzer's deep numbering
found it: the task's text came out empty and the graph broke TaskShape.
"""

from __future__ import annotations

from pathlib import Path

from policykg.graph.build import build_graph
from policykg.graph.validate import validate_graph
from policykg.loaders import extract_text
from policykg.loaders.pipeline import extract_file

TEXT = """重庆市永川区人民政府
关于印发重庆市永川区“十四五”节能减排工作实施方案的通知
永川府发〔2023〕5号

五、强化工作落实
（一）加强组织领导。（区发展改革委负责）
（二）强化监督评价考核。（区发展改革委牵头，区统计局配合）
1.完善节能减排考核评价体系。（区发展改革委负责）
"""


def test_the_heading_s_words_are_the_task_s_text() -> None:
    (document,) = extract_text(TEXT).documents
    tasks = [
        (t.number, t.text, [(a.agency, a.role) for a in t.assignments]) for t in document.tasks
    ]
    assert tasks == [
        ("（一）", "加强组织领导。", [("区发展改革委", "lead")]),
        ("（二）", "强化监督评价考核。", [("区发展改革委", "lead"), ("区统计局", "co")]),
        ("1", "完善节能减排考核评价体系。", [("区发展改革委", "lead")]),
    ]


def test_its_graph_conforms_to_the_shapes(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(TEXT, encoding="utf-8")
    assert validate_graph(build_graph(extract_file(tmp_path / "plan.txt"))) == []
