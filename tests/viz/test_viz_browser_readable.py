"""The corpus views read at a glance (issue 18), measured in headless Chromium.

Facts from the documents: 永川区's 区生态环境局 has 60 tasks and leads 永川府办发〔2022〕14号's task 95
（六（二十三）95: 区生态环境局、区财政局）; 綦江区's reply 綦发改函〔2022〕140号 is handled by 区发展改革委 with 8
co-handlers; the corpus agencies belong to 永川区 and 綦江区 (石柱县 and 南川区 name none).
Screenshots go to tests/artifacts/readable-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from tests.support.browser import click_node, offline_chromium, open_offline

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent.parent / "artifacts"

# label boxes in page pixels, as vis-network drew them (labelModule.size is in canvas units)
LABEL_BOXES = """() => {
  const s = network.getScale(), out = [];
  for (const id of Object.keys(pkgUI.data.agencies)) {
    const n = network.body.nodes[id], m = n.labelModule;
    if (!n.options.label || !n.options.label.trim() || n.options.hidden) continue;
    const a = network.canvasToDOM({x: m.size.left, y: m.size.top});
    out.push({id: id, name: n.options.label, px: m.fontOptions.size * s,
              x0: a.x, y0: a.y, x1: a.x + m.size.width * s, y1: a.y + m.size.height * s});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, corpus_store: str) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("readable")
    for name in ("agencies", "lineage"):
        result = CliRunner().invoke(cli, ["viz", name, "--store", corpus_store, "-o",
                                          str(tmp / f"{name}.html")])
        assert result.exit_code == 0, result.stderr
    return {name: tmp / f"{name}.html" for name in ("agencies", "lineage")}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with offline_chromium() as context:
        yield context


def _open(chromium: Any, path: Path, shot: str) -> Any:
    view = open_offline(chromium, path)
    assert view.blocked == [] and view.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / f"readable-{shot}.png"))
    return view.page


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["name"], b["name"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]]


def _agency(page: Any, name: str, district: str) -> str:
    return page.evaluate("""([n, d]) => Object.keys(pkgUI.data.agencies).find(
        id => pkgUI.data.agencies[id].n === n && pkgUI.data.agencies[id].d === d)""",
                         [name, district])


def test_labels_do_not_overlap_and_the_busiest_are_legible(chromium: Any,
                                                            pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["agencies"], "agencies")
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 20
    assert _overlaps(boxes) == []
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
    click_node(page, eco)
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
    assert _overlaps(page.evaluate(LABEL_BOXES)) == []
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
