"""graph.levels: a document's level of government comes from the place that issued it, as the
text names it (issuer, 文号 代字, a page's issuer field), for any province."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from policykg.graph.build import build_graph
from policykg.loaders.pipeline import extract_file
from policykg.ontology.namespace import POL

ROOT = Path(__file__).resolve().parent.parent.parent / "data" / "corpus"

# each issuer read by hand (data/corpus/realworld/README.md names the place)
LEVELS = {
    # 内蒙古自治区人民政府办公厅关于印发自治区…实施方案的通知
    "realworld/neimenggu_laojiuxiaoqu_2020_pdfpage22.txt": "provincial",
    # (湖北省)武汉市2023年《政府工作报告》目标任务责任分解方案: the city, not one of its districts
    "realworld/wuhan_city_gzbg_fenjie_2023_mirror_p5.txt": "municipal",
    # 菏政办字〔2023〕1号, 菏泽市 (a prefecture-level city of 山东)
    "realworld/heze_xjdn_fengong_2023.txt": "municipal",
    # signed 青島市人民政府辦公廳 (traditional characters)
    "realworld/qingdao_xjdn_2023_trad_pinyin.txt": "municipal",
    # 调兵山市: a county-level city under 铁岭市
    "realworld/tieling_diaobingshan_minsheng_duchazhuanbao_2023_complete.txt": "district",
    # 蔡政办〔2023〕1号, 武汉市蔡甸区
    "realworld/caidian_fenjie_2023.txt": "district",
    # 长政办发〔2023〕7号, 湖州市长兴县
    "realworld/huzhou_changxing_gzbg_fenjie_2023.txt": "district",
    # 石柱土家族自治县 (a county of 重庆市), no 文号
    "chongqing/shizhu_2022_green_lowcarbon_measures.txt": "district",
    # 永川府办发〔2022〕14号: a district of the province-level municipality 重庆市
    "chongqing/yongchuan_2022_green_lowcarbon_task_list.txt": "district",
}


@pytest.mark.parametrize("name", list(LEVELS))
def test_the_level_is_the_issuing_place_s(name: str) -> None:
    graph = build_graph(extract_file(ROOT / name))
    levels = set(graph.objects(None, POL.level))
    assert levels == {URIRef(f"{POL}level_{LEVELS[name]}")}
