"""Lineage from the purpose sentence in its real wordings: each gives ``implements``.

Sentences 1, 4, 5, 6 and 9 are copied from real documents (hechuan case, 石柱, 永川府发〔2023〕5号,
昆明官渡 2016, 菏泽 2023); the others are the other wordings the issue lists.
"""

from __future__ import annotations

import pytest

from policykg.loaders.cleaning import squeeze
from policykg.loaders.header import find_citations

IMPLEMENTS = [
    ("为贯彻落实《国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见》（国发〔2021〕4号）精神，"
     "结合我区实际，制定本方案。", ["国发〔2021〕4号"]),
    ("为贯彻落实《国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见》（国发〔2021〕4号），"
     "结合我区实际，制定本方案。", ["国发〔2021〕4号"]),
    ("为深入落实《重庆市人民政府关于加快建立健全绿色低碳循环发展经济体系的实施意见》（渝府发〔2021〕31号），"
     "经区政府同意，现将有关事项通知如下。", ["渝府发〔2021〕31号"]),
    ("按照《重庆市人民政府关于加快建立健全绿色低碳循环发展经济体系的实施意见》（渝府发〔2021〕31号）要求，"
     "为加快建立健全绿色低碳循环发展经济体系，制定以下措施。", ["渝府发〔2021〕31号"]),
    ("为加快推进全区经济社会发展全面绿色转型，根据重庆市人民政府《关于印发重庆市“十四五”节能减排综合工作"
     "实施方案的通知》（渝府发〔2022〕39号）精神，结合我区实际，制定本方案。", ["渝府发〔2022〕39号"]),
    ("为认真贯彻落实国家和省、市关于稳增长各项决策部署,加快推进供给侧结构性改革,根据《昆明市人民政府关于印发"
     "昆明市稳增长促发展若干政策措施的通知》(昆政发〔2016〕13号),结合官渡区实际,特制定如下政策措施。",
     ["昆政发〔2016〕13号"]),
    ("为全面贯彻落实《国务院关于印发2030年前碳达峰行动方案的通知》（国发〔2021〕23号）决策部署，"
     "制定本实施方案。", ["国发〔2021〕23号"]),
    ("依据《重庆市人民政府办公厅关于印发重庆市生态环境保护督察整改方案的通知》（渝府办发〔2022〕5号），"
     "制定本细则。", ["渝府办发〔2022〕5号"]),
    ("为深入贯彻落实 《国务院关于支持山东深化新旧动能转换推动绿色低碳高质量发展的意见》(国发 〔2022〕18号)和 "
     "《山东省人民政府办公厅关于印发分工落实方案的通知》(鲁政办字〔2022〕128号)要求,现就有关事项通知如下:",
     ["国发〔2022〕18号", "鲁政办字〔2022〕128号"]),
    ("贯彻《中共重庆市委 重庆市人民政府关于建立健全生态产品价值实现机制的实施意见》（渝委发〔2021〕26号），"
     "制定本办法。", ["渝委发〔2021〕26号"]),
]


@pytest.mark.parametrize(("sentence", "numbers"), IMPLEMENTS)
def test_purpose_sentence_gives_implements(sentence: str, numbers: list[str]) -> None:
    found = find_citations([(squeeze(sentence), True)], own=None)  # lines arrive squeezed
    assert list(found.implements) == numbers
    assert not set(found.cites) & set(numbers)


@pytest.mark.parametrize("sentence", [
    # the verb governs another clause
    "为做好年度工作，落实工作任务，对照《重庆市人民政府关于加快建立健全绿色低碳循环发展经济体系的实施意见》"
    "（渝府发〔2021〕31号）开展自查。",
    # a rule cited for what it provides, not carried out
    "根据《重庆市人民政府关于印发重庆市行政规范性文件管理办法的通知》（渝府发〔2020〕5号）的规定，"
    "对有关文件进行了清理。",
])
def test_other_mentions_stay_citations(sentence: str) -> None:
    found = find_citations([(sentence, True)], own=None)
    assert found.implements == () and len(found.cites) == 1


def test_a_number_in_the_body_stays_a_citation() -> None:
    sentence = IMPLEMENTS[0][0]
    found = find_citations([(sentence, False)], own=None)
    assert found.implements == () and found.cites == ("国发〔2021〕4号",)
