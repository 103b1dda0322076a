"""2,000 agencies and 50,000 tasks: the agency view still loads and settles in Chromium in < 5 s."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.viz.agencies import MAX_EDGES, agencies_view
from tests.support.browser import click_node, offline_chromium, open_offline, positions_settled
from tests.support.synthetic import synthetic_links

pytestmark = pytest.mark.browser


def test_large_agency_view_settles_fast(tmp_path: Path) -> None:
    links = synthetic_links(agencies=2000, tasks=50_000)
    view = agencies_view(links)
    assert (view.node_count, view.edge_count) == (2000, MAX_EDGES)  # strongest links only
    path = view.save(tmp_path / "large.html")
    with offline_chromium() as chromium:
        opened = open_offline(chromium, path)
        page = opened.page
        assert opened.blocked == [] and opened.errors == []
        assert opened.load_seconds < 5.0, f"took {opened.load_seconds:.2f} s"
        assert positions_settled(page)
        assert page.evaluate("[nodes.get({filter: n => n.id in pkgUI.data.agencies}).length, "
                             "edges.length, pkgUI.data.tasks.length]") == [2000, MAX_EDGES, 50_000]
        busiest = page.evaluate("""Object.keys(pkgUI.data.agencies).reduce((a, b) =>
            pkgUI.data.agencies[a].tasks.length >= pkgUI.data.agencies[b].tasks.length ? a : b)""")
        click_node(page, busiest)  # hubs overlap: the panel shows whichever agency is drawn on top
        title = page.inner_text("#pkg-panel .pkg-title")
        tasks = page.evaluate("""name => Object.values(pkgUI.data.agencies)
            .find(a => a.n === name).tasks.length""", title)
        assert page.evaluate("document.querySelectorAll('#pkg-panel .pkg-item').length") == tasks
        # the busiest agency found as a user would, by its name in the search box
        name, district, most = page.evaluate("""id => [pkgUI.data.agencies[id].n,
            pkgUI.data.agencies[id].d, pkgUI.data.agencies[id].tasks.length]""", busiest)
        page.fill("#pkg-search", name)
        matches = page.locator("#pkg-panel .pkg-match", has_text=f"{name}（{district}）")
        if matches.count():  # the same name in several districts: pick this district's unit
            matches.first.click()
        assert page.inner_text("#pkg-panel .pkg-title") == name
        assert page.evaluate("document.querySelectorAll('#pkg-panel .pkg-item').length") == most
        assert most > 100
