"""The views of the bundled corpus in headless Chromium: facts of the documents, open in < 2 s.

Written from the documents: 永川区's 区生态环境局 has 60 tasks, 26
in 永川府办发〔2022〕14号 and 34 in 永川府发〔2023〕5号; 綦江区's 区生态环境局 is another agency, a
co-handler of proposal 第024号; 綦发改函〔2022〕140号 is handled by the replying agency with 8
co-handling units (协办单位: 区生态环境局、区机关事务管理中心、区财政局、区住房城乡建委、区国资委、区交通局、
区经济信息委、区科技局), so 綦江区 has 9 agencies sharing that task, drawn as 8 edges from the handling
unit (a star), not the 9·8/2 = 36 pairs of a clique; the
corpus holds 200 tasks in 6 documents, 4 upstream policies and 3 cited documents it does not hold
(南川府办发〔2016〕72号 and 南川府办发〔2022〕17号, repealed; 渝建绿建〔2022〕3号, cited).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import ARTIFACTS, click_node, hover_node, open_clean, write_views

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, corpus_store: str) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("corpus-viz")
    store = corpus_store
    commands = {
        "agencies": ["agencies"],
        "qijiang": ["agencies", "--district", "綦江区"],
        "focus": ["agencies", "--agency", "区生态环境局", "--district", "永川区"],
        "lineage": ["lineage"],
    }
    return write_views(store, tmp, commands)


def opened(chromium: Any, path: Path) -> Any:
    view = open_clean(chromium, path, f"corpus-{path.stem}.png")
    assert view.load_seconds < 2.0, f"{path.name} took {view.load_seconds:.2f} s to settle"
    return view.page


def agency_id(page: Any, name: str, district: str) -> str:
    return page.evaluate(
        """([name, district]) => Object.keys(pkgUI.data.agencies).find(
             id => pkgUI.data.agencies[id].n === name && pkgUI.data.agencies[id].d === district)""",
        [name, district])


def test_agency_network_of_the_corpus(chromium: Any, pages: dict[str, Path]) -> None:
    page = opened(chromium, pages["agencies"])
    yongchuan = agency_id(page, "区生态环境局", "永川区")
    qijiang = agency_id(page, "区生态环境局", "綦江区")
    assert yongchuan and qijiang and yongchuan != qijiang
    assert "任务 tasks：60" in hover_node(page, yongchuan).splitlines()
    click_node(page, yongchuan)
    heads = page.eval_on_selector_all(".pkg-head", "els => els.map(e => e.textContent)")
    assert len(heads) == 60
    assert sum(h.startswith("永川府办发〔2022〕14号") for h in heads) == 26
    assert sum(h.startswith("永川府发〔2023〕5号") for h in heads) == 34
    assert "协办 co_handler：1" in hover_node(page, qijiang).splitlines()
    page.screenshot(path=str(ARTIFACTS / "corpus-agencies-clicked.png"))


def test_qijiang_agencies_all_share_the_proposal(chromium: Any, pages: dict[str, Path]) -> None:
    page = opened(chromium, pages["qijiang"])
    assert page.evaluate("[nodes.get({filter: n => n.id in pkgUI.data.agencies}).length, "
                         "edges.length]") == [9, 8]
    assert page.evaluate("new Set(Object.values(pkgUI.data.agencies).map(a => a.d)).size") == 1
    ends = page.evaluate("edges.get().map(e => [pkgUI.data.agencies[e.from].n, "
                         "pkgUI.data.agencies[e.to].n].sort())")
    lead = "重庆市綦江区发展和改革委员会"  # the replying agency, written in full in the letter
    assert all(lead in pair for pair in ends)
    assert sorted(a for pair in ends for a in pair if a != lead) == sorted([
        "区生态环境局", "区机关事务管理中心", "区财政局", "区住房城乡建委", "区国资委", "区交通局",
        "区经济信息委", "区科技局"])
    # a co-handler's partner is the handling unit alone
    click_node(page, agency_id(page, "区生态环境局", "綦江区"))
    assert page.eval_on_selector_all(".pkg-partner-name", "els => els.map(e => e.textContent)") \
        == [lead]


def test_focus_on_yongchuan_ecology_bureau(chromium: Any, pages: dict[str, Path]) -> None:
    page = opened(chromium, pages["focus"])
    assert page.evaluate("nodes.get({filter: n => n.shape === 'square'}).length") == 60
    assert page.inner_text("#pkg-panel .pkg-title") == "区生态环境局"


def test_lineage_of_the_corpus(chromium: Any, pages: dict[str, Path]) -> None:
    page = opened(chromium, pages["lineage"])
    docs = page.evaluate("Object.values(pkgUI.data.docs).map(d => [d.doc_number, d.status])")
    assert len(docs) == 13
    assert sorted(n for n, s in docs if s == "unresolved") == [
        "南川府办发〔2016〕72号", "南川府办发〔2022〕17号", "渝建绿建〔2022〕3号"]
    assert sorted(n for n, s in docs if s == "reference") == [
        "国发〔2021〕33号", "国发〔2021〕4号", "渝府发〔2021〕31号", "渝府发〔2022〕39号"]
    assert len(page.evaluate("Object.keys(pkgUI.data.proposals)")) == 1
    rels = page.evaluate("edges.get().map(e => e.rel)")
    assert (rels.count("repeals"), rels.count("cites"), rels.count("respondsTo")) == (2, 1, 1)
    edges = page.evaluate("""edges.get({filter: e => e.rel === 'implements'}).map(
        e => [pkgUI.data.docs[e.from].doc_number, pkgUI.data.docs[e.to].doc_number])""")
    for pair in (["永川府办发〔2022〕14号", "国发〔2021〕4号"], ["永川府办发〔2022〕14号", "渝府发〔2021〕31号"],
                 ["永川府发〔2023〕5号", "渝府发〔2022〕39号"], ["渝府发〔2022〕39号", "国发〔2021〕33号"],
                 ["渝府发〔2021〕31号", "国发〔2021〕4号"]):
        assert pair in edges
    before = page.evaluate("nodes.length")
    page.click("#pkg-unfold")
    assert page.evaluate("nodes.length") == before + 200
    page.screenshot(path=str(ARTIFACTS / "corpus-lineage-unfolded.png"))
