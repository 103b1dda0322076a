"""Open a generated page in headless Chromium with the network cut off (for tests and bench).

Needs the test extra (Playwright) and Debian's chromium at /usr/bin/chromium (`make system-deps`).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class OpenedPage:
    """A page opened offline, with what happened while it loaded."""

    page: Any
    load_seconds: float
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def offline_chromium(viewport: tuple[int, int] = (1400, 900)) -> Iterator[Any]:
    """A fresh headless Chromium context (new profile) in which every non-file request fails."""
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="policykg-chromium-") as profile,
        sync_playwright() as pw,
    ):
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=LAUNCH_ARGS,
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        try:
            yield context
        finally:
            context.close()


def open_offline(context: Any, path: Path, timeout_ms: int = 30_000) -> OpenedPage:
    """Open path as a file:// URL and wait until the view has drawn itself (window.pkgReady)."""
    page = context.new_page()
    opened = OpenedPage(page=page, load_seconds=0.0)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            opened.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    start = time.perf_counter()
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_function("window.pkgReady !== undefined", timeout=timeout_ms)
    opened.load_seconds = time.perf_counter() - start
    return opened


ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def open_clean(context: Any, path: Path, screenshot: str) -> OpenedPage:
    """Open a view offline, check it asked for no network and logged no error, and write its
    screenshot to tests/artifacts/<screenshot>."""
    view = open_offline(context, path)
    assert view.blocked == [], f"{path.name} asked for the network: {view.blocked}"
    assert view.errors == [], f"{path.name}: {view.errors}"
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / screenshot))
    return view


def write_views(store: str, folder: Path, views: dict[str, list[str]]) -> dict[str, Path]:
    """Write each view through the CLI (`policykg viz ARGS --store STORE -o folder/NAME.html`)."""
    from click.testing import CliRunner

    from policykg.cli import cli

    pages = {}
    for name, args in views.items():
        pages[name] = folder / f"{name}.html"
        result = CliRunner().invoke(cli, ["viz", *args, "--store", store, "-o", str(pages[name])])
        assert result.exit_code == 0, result.stderr
    return pages


def positions_settled(page: Any, wait_ms: int = 500) -> bool:
    """True when no node moves over wait_ms (the layout is final, no physics running)."""
    before = page.evaluate("JSON.stringify(network.getPositions())")
    page.wait_for_timeout(wait_ms)
    return before == page.evaluate("JSON.stringify(network.getPositions())")


def node_point(page: Any, node_id: str) -> tuple[float, float]:
    """Where node_id is drawn on the page (viewport pixels), after bringing it into view."""
    page.evaluate("id => network.focus(id, {scale: 1.2, animation: false})", node_id)
    return tuple(page.evaluate(
        """id => {
             const c = network.canvasToDOM(network.getPositions([id])[id]);
             const r = document.getElementById('mynetwork').getBoundingClientRect();
             return [c.x + r.left, c.y + r.top];
           }""", node_id))


def hover_node(page: Any, node_id: str) -> str:
    """Move the mouse onto a node and return the tooltip's text."""
    x, y = node_point(page, node_id)
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y)
    page.wait_for_function("document.getElementById('pkg-tip').style.display === 'block'")
    return page.inner_text("#pkg-tip")


def click_node(page: Any, node_id: str) -> str:
    """Click a node and return the side panel's text."""
    page.mouse.click(*node_point(page, node_id))
    return page.inner_text("#pkg-panel")


# agency label boxes in page pixels, as vis-network drew them (labelModule.size is in canvas units)
LABEL_BOXES = """() => {
  const s = network.getScale(), out = [];
  for (const id of Object.keys(pkgUI.data.agencies)) {
    const n = network.body.nodes[id], m = n.labelModule;
    if (!n.options.label || !n.options.label.trim() || n.options.hidden) continue;
    // the text is drawn vadjust lower than the label's box says (a label moved above its node)
    const a = network.canvasToDOM({x: m.size.left, y: m.size.top + (n.options.font.vadjust || 0)});
    out.push({id: id, name: n.options.label, px: m.fontOptions.size * s,
              x0: a.x, y0: a.y, x1: a.x + m.size.width * s, y1: a.y + m.size.height * s});
  }
  return out;
}"""

# every node's box on the page (vis-network's bounding box, in page pixels) and its font size there
NODE_BOXES = """() => {
  const s = network.getScale(), out = [];
  for (const id of network.body.nodeIndices) {
    const n = network.body.nodes[id], b = network.getBoundingBox(id);
    const a = network.canvasToDOM({x: b.left, y: b.top});
    const z = network.canvasToDOM({x: b.right, y: b.bottom}), c = network.canvasToDOM(n);
    out.push({id: id, name: n.options.label, px: n.options.font.size * s, x: c.x, y: c.y,
              x0: a.x, y0: a.y, x1: z.x, y1: z.y});
  }
  return out;
}"""


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of boxes (x0, y0, x1, y1 and a name) that intersect."""
    return [(a["name"], b["name"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]]
