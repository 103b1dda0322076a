"""Hostile document text in every view: nothing runs, and the text shows exactly as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policykg.viz.agencies import agencies_view, focus_view
from policykg.viz.lineage import lineage_view
from tests.support.browser import click_node, hover_node, open_offline

pytestmark = pytest.mark.browser
DATA = Path(__file__).parent.parent / "data" / "viz"
ARTIFACTS = Path(__file__).parent.parent / "artifacts"
SCRIPT = "<script>window.pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.pwned = 'img'\">"
HOSTILE = f"{SCRIPT}{IMG}</script><b>粗</b>&amp;'\""
ECO = "https://w3id.org/policykg/agency/永川区/生态环境局"


def hostile_links() -> list[dict]:
    """The hand-written links with hostile text in every task and in 区生态环境局's name."""
    links = json.loads((DATA / "links.json").read_text(encoding="utf-8"))["links"]
    for row in links:
        row["text"] = "任务" + HOSTILE
        if row["agency"] == ECO:
            row["agency_name"] = "区" + HOSTILE
    return links


def hostile_lineage() -> tuple[list[dict], list[dict], list[dict]]:
    """One upstream and one local document whose title, section and task carry hostile text."""
    up, doc = "https://w3id.org/policykg/doc/国发-2021-4", "https://w3id.org/policykg/doc/x-1"
    documents = [
        {"doc": up, "doc_number": "国发〔2021〕4号", "title": "标题" + HOSTILE, "level": "national"},
        {"doc": doc, "doc_number": "号" + HOSTILE, "title": HOSTILE, "level": "district",
         "issuer": HOSTILE, "status": "loaded"},
    ]
    relations = [{"source": doc, "relation": "implements", "target": up}]
    outline = [
        {"doc": doc, "kind": "section", "item": doc + "/section/1", "parent": None,
         "number": "一、", "order": 1, "text": "章节" + HOSTILE},
        {"doc": doc, "kind": "task", "item": doc + "/task/1", "parent": doc + "/section/1",
         "number": "1", "order": 1, "text": "任务" + HOSTILE},
    ]
    return documents, relations, outline


def open_hostile(chromium: Any, html: str, tmp_path: Path, name: str) -> Any:
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    view = open_offline(chromium, path)
    assert view.errors == [] and view.blocked == []
    return view


def assert_nothing_ran(page: Any) -> None:
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0


@pytest.mark.parametrize("mode", ["network", "focus"])
def test_agency_views_show_hostile_text_as_text(chromium: Any, tmp_path: Path, mode: str) -> None:
    links = hostile_links()
    html = (agencies_view(links) if mode == "network" else focus_view(links, ECO)).html
    view = open_hostile(chromium, html, tmp_path, mode)
    page = view.page
    node = page.evaluate("Object.keys(pkgUI.data.agencies).find("
                         "id => pkgUI.data.agencies[id].d === '永川区' && "
                         "pkgUI.data.agencies[id].n.startsWith('区<script>'))")
    assert hover_node(page, node).splitlines()[0] == "区" + HOSTILE
    click_node(page, node)
    assert page.inner_text("#pkg-panel .pkg-title") == "区" + HOSTILE
    texts = page.eval_on_selector_all(".pkg-text", "els => els.map(e => e.textContent)")
    assert texts == ["任务" + HOSTILE] * 4
    page.fill("#pkg-search", "<script>")  # search results are buttons named as written
    assert page.inner_text("#pkg-panel .pkg-title") == "区" + HOSTILE
    page.wait_for_timeout(300)  # an <img onerror> would have fired by now
    assert_nothing_ran(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"xss-{mode}.png"))
    assert view.errors == []


def test_lineage_view_shows_hostile_text_as_text(chromium: Any, tmp_path: Path) -> None:
    view = open_hostile(chromium, lineage_view(*hostile_lineage()).html, tmp_path, "lineage")
    page = view.page
    doc = page.evaluate("Object.keys(pkgUI.data.docs).find("
                        "id => pkgUI.data.docs[id].doc_number.startsWith('号'))")
    tip = hover_node(page, doc).splitlines()
    assert tip[:2] == ["号" + HOSTILE, HOSTILE]
    assert "发文 issuer：" + HOSTILE in tip
    section = page.evaluate("Object.keys(pkgUI.data.sections)[0]")
    click_node(page, section)  # unfolds its task and lists it
    assert page.inner_text("#pkg-panel .pkg-title") == "一、章节" + HOSTILE
    assert page.eval_on_selector_all(".pkg-text", "els => els.map(e => e.textContent)") == [
        "任务" + HOSTILE]
    page.wait_for_timeout(300)
    assert_nothing_ran(page)
    page.screenshot(path=str(ARTIFACTS / "xss-lineage.png"))
    assert view.errors == []
