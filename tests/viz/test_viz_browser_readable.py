"""The corpus views read at a glance (issue 18), measured in headless Chromium.

Facts from the documents: 永川区's 区生态环境局 has 60 tasks and leads 永川府办发〔2022〕14号's task 95
（六（二十三）95: 区生态环境局、区财政局）; 綦江区's reply 綦发改函〔2022〕140号 is handled by 区发展改革委 with 8
co-handlers; the corpus agencies belong to 永川区 and 綦江区 (石柱县 and 南川区 name none).
The lineage of the corpus, from the documents and upstream.md: national 国发〔2021〕4号 and
国发〔2021〕33号; municipal 渝府发〔2021〕31号 and 渝府发〔2022〕39号; not in the graph 南川府办发〔2016〕72号 and
南川府办发〔2022〕17号 (repealed by 南川府发〔2022〕33号) and 渝建绿建〔2022〕3号 (cited by the reply); six
district documents (永川 two, 南川 two, 石柱, 綦江). Screenshots go to tests/artifacts/readable-*.png.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import (
    ARTIFACTS,
    LABEL_BOXES,
    NODE_BOXES,
    click_node,
    open_clean,
    overlaps,
    write_views,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, corpus_store: str) -> dict[str, Path]:
    return write_views(corpus_store, tmp_path_factory.mktemp("readable"),
                       {"agencies": ["agencies"], "lineage": ["lineage"]})


def _open(chromium: Any, path: Path, shot: str) -> Any:
    return open_clean(chromium, path, f"readable-{shot}.png").page


def _agency(page: Any, name: str, district: str) -> str:
    return page.evaluate("""([n, d]) => Object.keys(pkgUI.data.agencies).find(
        id => pkgUI.data.agencies[id].n === n && pkgUI.data.agencies[id].d === d)""",
                         [name, district])


def test_labels_do_not_overlap_and_the_busiest_are_legible(chromium: Any,
                                                            pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["agencies"], "agencies")
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 20
    assert overlaps(boxes) == []
    busiest = page.evaluate("""() => Object.keys(pkgUI.data.agencies).sort((a, b) =>
        pkgUI.data.agencies[b].c.reduce((s, x) => s + x, 0) -
        pkgUI.data.agencies[a].c.reduce((s, x) => s + x, 0)).slice(0, 3)""")
    shown = {b["id"]: b for b in boxes}
    assert all(i in shown and shown[i]["px"] >= 12 for i in busiest), (busiest, boxes[:3])
    assert _agency(page, "区生态环境局", "永川区") in shown


def test_each_district_cluster_is_named(chromium: Any, pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["agencies"], "agencies-clusters")
    names = page.evaluate("nodes.get({filter: n => String(n.id).startsWith('cluster')})"
                          ".map(n => n.label).sort()")
    assert names == ["永川区", "綦江区"]


def test_a_clicked_agency_lists_and_highlights_its_partners(chromium: Any,
                                                            pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["agencies"], "agencies-partners")
    eco = _agency(page, "区生态环境局", "永川区")
    # clicked where it is drawn at the initial fit, as an official would
    page.mouse.click(*page.evaluate("""id => { const c = network.canvasToDOM(
        network.getPositions([id])[id]), r = document.getElementById('mynetwork')
        .getBoundingClientRect(); return [c.x + r.left, c.y + r.top]; }""", eco))
    assert page.inner_text("#pkg-panel .pkg-title") == "区生态环境局"
    partners = page.eval_on_selector_all(
        ".pkg-partner", "els => els.map(e => [e.dataset.agency, e.innerText])")
    names = {text.split(" ")[0] for _, text in partners}
    # 六（二十三）95 is led by 区生态环境局 with 区财政局 (co); 四（六）1 is shared jointly with
    # 区发展改革委 and 区经济信息委
    assert {"区财政局", "区发展改革委", "区经济信息委"} <= names
    assert all(agency_id.startswith("a") for agency_id, _ in partners)
    selected = set(page.evaluate("network.getSelectedNodes()"))
    assert selected == {eco} | {agency_id for agency_id, _ in partners}
    page.screenshot(path=str(ARTIFACTS / "readable-agencies-partners.png"))
    # zoomed in, labels are placed again at the same size on screen, still apart
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(400)
    boxes = page.evaluate(LABEL_BOXES)
    assert overlaps(boxes) == [] and 12 <= min(b["px"] for b in boxes) < 14
    page.screenshot(path=str(ARTIFACTS / "readable-agencies-zoomed.png"))


def test_the_size_legend_shows_the_nodes_as_drawn(chromium: Any, pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["agencies"], "agencies-legend")
    samples = page.eval_on_selector_all("#pkg-legend .pkg-size", """els => els.map(e =>
        [Number(e.dataset.tasks), e.querySelector('.pkg-dot').getBoundingClientRect().width])""")
    totals = sorted(page.evaluate("""Object.values(pkgUI.data.agencies).map(
        a => a.c.reduce((s, x) => s + x, 0))"""))
    # fewest: 1 (each co-handler of 綦发改函〔2022〕140号 has the reply alone); most: 60 (永川区's
    # 区生态环境局); and the median of the page's agencies
    assert [tasks for tasks, _ in samples] == [1, totals[len(totals) // 2], 60]
    for tasks, width in samples:  # each sample as wide as a node of that many tasks is drawn
        drawn = page.evaluate("""t => { const id = Object.keys(pkgUI.data.agencies).find(i =>
            pkgUI.data.agencies[i].c.reduce((s, x) => s + x, 0) === t);
            return 2 * network.body.nodes[id].options.size * network.getScale(); }""", tasks)
        assert abs(width - drawn) <= 1, (tasks, width, drawn)
    page.mouse.move(500, 450)
    page.mouse.wheel(0, -300)  # zoom in: the samples grow with the nodes
    page.wait_for_timeout(300)
    grown = page.eval_on_selector_all("#pkg-legend .pkg-size .pkg-dot",
                                      "els => els[els.length - 1].getBoundingClientRect().width")
    assert grown > samples[-1][1] + 1


def test_the_district_filter_refits_and_clears(chromium: Any, pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["agencies"], "agencies-filter")
    click_node(page, _agency(page, "区生态环境局", "永川区"))
    scale_all = page.evaluate("network.getScale()")
    page.select_option("#pkg-district", "綦江区")
    assert page.inner_text("#pkg-panel .pkg-title") == "点击机构查看任务和合作机构"
    assert page.evaluate("network.getSelectedNodes()") == []
    assert page.evaluate("document.getElementById('pkg-tip').style.display") == "none"
    # the view is fitted to the 9 agencies of 綦江区: all inside the canvas, centred in it
    points = page.evaluate("""() => nodes.get({filter: n => !n.hidden && n.id in pkgUI.data.agencies})
        .map(n => network.canvasToDOM(network.getPositions([n.id])[n.id]))""")
    width, height = page.evaluate("""() => { const r = document.getElementById('mynetwork')
        .getBoundingClientRect(); return [r.width, r.height]; }""")
    assert len(points) == 9
    assert all(0 <= p["x"] <= width and 0 <= p["y"] <= height for p in points)
    centre_x = (min(p["x"] for p in points) + max(p["x"] for p in points)) / 2
    assert abs(centre_x - width / 2) < width * 0.1, (centre_x, width, scale_all)
    assert overlaps(page.evaluate(LABEL_BOXES)) == []
    page.screenshot(path=str(ARTIFACTS / "readable-agencies-qijiang.png"))


def test_lineage_panels_name_tasks_by_path_with_agencies(chromium: Any,
                                                         pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["lineage"], "lineage")
    section = page.evaluate("""() => Object.keys(pkgUI.data.sections).find(id =>
        pkgUI.data.sections[id][0] === '（二十三）' && pkgUI.data.sections[id][2] === '永川府办发〔2022〕14号')""")
    assert section
    click_node(page, section)
    heads = page.eval_on_selector_all("#pkg-panel .pkg-head", "els => els.map(e => e.textContent)")
    assert "永川府办发〔2022〕14号 六（二十三）95 · 区生态环境局（牵头 lead）、区财政局（配合 co）" in heads
    fields = page.eval_on_selector_all("#pkg-panel .pkg-field", "els => els.map(e => e.textContent)")
    assert not any(f.startswith("：") for f in fields)
    note = page.inner_text("#pkg-note")
    assert note.endswith("1 / " + str(page.evaluate("Object.keys(pkgUI.data.folded).length"))
                         + " 组展开 groups unfolded")
    page.click("#pkg-unfold")
    assert page.inner_text("#pkg-note").endswith("全部展开 all unfolded")
    page.click("#pkg-fold")
    assert page.inner_text("#pkg-note").endswith("全部折叠 all folded")


LEVELS = ["国家 national", "市级 municipal", "未收录 not in the graph", "区县 district"]


def test_lineage_boxes_do_not_overlap_and_levels_are_rows(chromium: Any,
                                                           pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["lineage"], "lineage")
    boxes = page.evaluate(NODE_BOXES)
    docs = page.evaluate("pkgUI.data.docs")
    sections = page.evaluate("pkgUI.data.sections")
    assert len(boxes) == len(docs) + 1 + len(sections)  # and the proposal 第024号
    assert overlaps(boxes) == []
    at = {b["id"]: b for b in boxes}
    rows = {level: {at[i]["y"] for i, d in docs.items() if d["level"] == level} for level in LEVELS}
    assert [len(rows[level]) for level in LEVELS] == [1, 1, 1, 1], rows
    assert [len([d for d in docs.values() if d["level"] == level]) for level in LEVELS] == \
        [2, 2, 3, 6]
    ys = [rows[level].pop() for level in LEVELS]
    assert ys == sorted(ys)
    # each district document's sections in columns under it, apart from the other documents'
    spans = []
    for doc_id, doc in docs.items():
        mine = [at[i] for i, s in sections.items() if s[2] == doc["doc_number"]] \
            if doc["doc_number"] else []
        if mine:
            assert all(b["y"] > at[doc_id]["y"] for b in mine)
            left, right = min(b["x0"] for b in mine), max(b["x1"] for b in mine)
            assert left <= at[doc_id]["x"] <= right
            spans.append((at[doc_id]["x"], left, right))
    assert len(spans) == 4  # 南川府发〔2022〕33号 has no sections; 石柱 has no 文号
    spans.sort()
    assert all(a[2] < b[1] for a, b in pairwise(spans))


def test_lineage_labels_are_legible_at_the_initial_fit(chromium: Any,
                                                       pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["lineage"], "lineage-fit")
    boxes = page.evaluate(NODE_BOXES)
    docs = page.evaluate("pkgUI.data.docs")
    # a 1400 × 900 window: documents at 12 px or more, sections at 10 px or more
    assert min(b["px"] for b in boxes if b["id"] in docs) >= 12
    assert min(b["px"] for b in boxes) >= 10
    # a full-HD window (the page fits itself again when the window grows): every label at 12 px
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(500)  # vis sees the new size, rescales, then the page fits again
    boxes = page.evaluate(NODE_BOXES)
    assert min(b["px"] for b in boxes) >= 12
    assert overlaps(boxes) == []
    page.screenshot(path=str(ARTIFACTS / "readable-lineage-full-hd.png"))


def test_a_clicked_section_unfolds_its_tasks_in_its_column(chromium: Any,
                                                           pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["lineage"], "lineage-click")
    section = page.evaluate("""() => Object.keys(pkgUI.data.sections).find(id =>
        pkgUI.data.sections[id][0] === '（一）' && pkgUI.data.sections[id][1] === '推进工业绿色升级')""")
    click_node(page, section)
    page.evaluate("network.fit({animation: false})")
    # 一（一） of 永川府办发〔2022〕14号 holds tasks 1–8 (产业准入和落后产能退出 … 排污许可管理条例)
    assert len(page.eval_on_selector_all("#pkg-panel .pkg-item", "els => els")) == 8
    # and names the clause it implements (hand link: 国发〔2021〕4号 二、（四）推进工业绿色升级)
    fields = page.eval_on_selector_all("#pkg-panel .pkg-field", "els => els.map(e => e.textContent)")
    assert "落实条款 implements：国发〔2021〕4号 二、（四）推进工业绿色升级" in fields
    boxes = page.evaluate(NODE_BOXES)
    assert len([b for b in boxes if b["id"].startswith(section + "t")]) == 8
    assert overlaps(boxes) == []
    page.mouse.move(1300, 880)  # off the network: no tooltip over the picture
    page.screenshot(path=str(ARTIFACTS / "readable-lineage-section.png"))
