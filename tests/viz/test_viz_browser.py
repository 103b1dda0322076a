"""The views in headless Chromium, offline: counts, tooltips, panels, folding, settling, no errors.

Pages are built from the query fixture (tests/data/queries/fixture.trig); the counts are worked by
hand in tests/viz/test_viz_html.py's docstring. Chromium is Debian's (/usr/bin/chromium, installed by
`make test`); without it these tests fail rather than skip. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policykg.queries.source import open_source
from policykg.viz.data import agencies_page, lineage_page
from tests.support.browser import (
    click_node,
    hover_node,
    open_offline,
    positions_settled,
)
from tests.support.fixture import fixture_store

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent.parent / "artifacts"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("viz-pages")
    source = open_source(fixture_store(tmp / "store"), None)
    views = {
        "agencies": agencies_page(source),
        "focus": agencies_page(source, agency="区生态环境局", district="永川区"),
        "lineage": lineage_page(source),
    }
    return {name: view.save(tmp / f"{name}.html") for name, view in views.items()}


def opened(chromium: Any, path: Path, screenshot: str) -> Any:
    """Open a page offline and check what every view must satisfy; return the Playwright page."""
    page = open_offline(chromium, path)
    assert page.blocked == [], "the page asked for the network"
    assert page.errors == []
    assert page.load_seconds < 2.0
    assert positions_settled(page.page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / screenshot))
    return page


def counts(page: Any) -> list[int]:
    return page.evaluate("[nodes.get({filter: n => !n.hidden && !String(n.id).startsWith('cluster')})"
                         ".length, edges.length]")


def agency_id(page: Any, name: str, district: str) -> str:
    return page.evaluate(
        """([name, district]) => Object.keys(pkgUI.data.agencies).find(
             id => pkgUI.data.agencies[id].n === name && pkgUI.data.agencies[id].d === district)""",
        [name, district])


def test_agency_network(chromium: Any, pages: dict[str, Path]) -> None:
    view = opened(chromium, pages["agencies"], "fixture-agencies.png")
    page = view.page
    assert counts(page) == [9, 8]
    eco = agency_id(page, "区生态环境局", "永川区")
    tip = hover_node(page, eco).splitlines()
    assert tip == ["区生态环境局", "区县 district：永川区", "类型 type：区县部门 district department",
                   "任务 tasks：4", "牵头 lead：2", "配合 co：1", "共同负责 joint：1"]
    panel = click_node(page, eco)
    assert panel.startswith("区生态环境局\n")
    items = page.eval_on_selector_all(".pkg-item", "els => els.map(e => e.innerText)")
    assert items == [
        "永川府办发〔2022〕14号 · 一（一）1 · 配合\n开展重点行业清洁生产审核。",
        "永川府办发〔2022〕14号 · 一（一）2 · 牵头\n推进工业固体废物综合利用，建设“无废城市”。",
        "永川府发〔2023〕5号 · （一）1 · 共同负责\n推动建筑领域节能降碳，推广绿色建材。",
        "永川府发〔2023〕5号 · （一）2 · 牵头\n发展绿色金融，支持节能减排项目融资。",
    ]
    page.screenshot(path=str(ARTIFACTS / "fixture-agencies-clicked.png"))
    assert view.errors == []


def test_district_filter_and_search(chromium: Any, pages: dict[str, Path]) -> None:
    page = opened(chromium, pages["agencies"], "fixture-agencies-filter.png").page
    page.select_option("#pkg-district", "綦江区")
    assert counts(page) == [3, 8]
    page.select_option("#pkg-district", "")
    assert counts(page) == [9, 8]
    page.fill("#pkg-search", "人行")
    assert page.inner_text("#pkg-panel .pkg-title") == "人行永川中心支行"
    assert page.inner_text("#pkg-panel .pkg-text") == "发展绿色金融，支持节能减排项目融资。"
    page.fill("#pkg-search", "区生态环境局")
    assert page.eval_on_selector_all(".pkg-match", "els => els.map(e => e.innerText)") == [
        "区生态环境局（永川区）", "区生态环境局（綦江区）"]
    assert len(page.evaluate("network.getSelectedNodes()")) == 2


def test_focus_view_draws_lead_and_co_differently(chromium: Any, pages: dict[str, Path]) -> None:
    page = opened(chromium, pages["focus"], "fixture-focus.png").page
    assert counts(page) == [10, 9]
    focus = page.evaluate("pkgUI.data.focus")
    styles = page.evaluate(
        """f => edges.get({filter: e => e.from === f}).map(
             e => [pkgUI.data.tasks[pkgUI.data.taskNodes[e.to]][2], e.width, e.dashes])""", focus)
    assert sorted(styles) == sorted([
        ["开展重点行业清洁生产审核。", 1.5, [6, 4]],  # co
        ["推进工业固体废物综合利用，建设“无废城市”。", 3.0, False],  # lead
        ["推动建筑领域节能降碳，推广绿色建材。", 2.0, [2, 3]],  # joint
        ["发展绿色金融，支持节能减排项目融资。", 3.0, False],  # lead
    ])
    # the panel opens on the focus agency (selected): its edges keep their role's colour
    assert page.inner_text("#pkg-panel .pkg-title") == "区生态环境局"
    assert page.evaluate("""f => edges.get({filter: e => e.from === f}).map(e =>
        network.body.edges[e.id].options.color.highlight).sort()""", focus) == sorted(
        ["#1f77b4", "#d62728", "#2ca02c", "#d62728"])  # co, lead, joint, lead
    # hovering a task shows its text
    task = page.evaluate("Object.keys(pkgUI.data.taskNodes).find("
                         "id => pkgUI.data.tasks[pkgUI.data.taskNodes[id]][2].startsWith('发展绿色金融'))")
    assert hover_node(page, task).splitlines() == [
        "永川府发〔2023〕5号 （一）2", "发展绿色金融，支持节能减排项目融资。"]


def test_lineage_unfolds_tasks(chromium: Any, pages: dict[str, Path]) -> None:
    view = opened(chromium, pages["lineage"], "fixture-lineage.png")
    page = view.page
    assert counts(page) == [12, 11]
    # document boxes show the 文号 on two lines (代字, then year and serial)
    labels = page.evaluate("nodes.get().map(n => n.label.replace('\\n', ''))")
    assert {"国发〔2021〕4号", "渝府发〔2021〕31号", "永川府办发〔2022〕14号", "永川府发〔2023〕5号",
            "綦发改函〔2022〕140号", "永川府办发〔2016〕72号", "渝建绿建〔2022〕3号",
            "提案 第024号区政协三届一次会议"} <= set(labels)
    rels = page.evaluate("edges.get().map(e => e.rel)")
    assert {r: rels.count(r) for r in set(rels)} == {
        "implements": 4, "repeals": 1, "cites": 1, "respondsTo": 1, "partOf": 4}
    section = page.evaluate("Object.keys(pkgUI.data.sections).find("
                            "id => pkgUI.data.sections[id][1] === '推进工业绿色升级')")
    panel = click_node(page, section)
    assert counts(page) == [14, 13]
    assert panel.splitlines() == [
        "（一）推进工业绿色升级", "文件 document：永川府办发〔2022〕14号",
        "永川府办发〔2022〕14号 一（一）1 · 区发展改革委（牵头 lead）、区生态环境局（配合 co）",
        "开展重点行业清洁生产审核。",
        "永川府办发〔2022〕14号 一（一）2 · 区生态环境局（牵头 lead）、区国有资产管理中心（配合 co）、"
        "区经济信息委（配合 co）",
        "推进工业固体废物综合利用，建设“无废城市”。"]
    assert positions_settled(page)
    page.screenshot(path=str(ARTIFACTS / "fixture-lineage-unfolded.png"))
    page.click("#pkg-unfold")
    assert counts(page) == [12 + 8, 11 + 8]
    page.click("#pkg-fold")
    assert counts(page) == [12, 11]
    assert view.errors == []
