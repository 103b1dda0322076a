"""Self-contained pyvis pages: nodes and edges in pyvis's lists, our panel, legend and data around.

Document text never reaches the page as HTML: it travels in one JSON block (``<``, ``>`` and ``&``
escaped as ``\\u003c`` …) and the page's script writes it with ``textContent``. Node ``title``
strings are never used (vis-network shows them as text, but pyvis switches to ``innerHTML``
when any title contains "href"); tooltips are our own element.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pyvis.network import Network

# pyvis 0.3.2 links bootstrap from a CDN even with cdn_resources="in_line"; the page needs none of
# it. Each pattern must match exactly once, so a pyvis upgrade that changes the template fails here.
_CDN_TAGS = (
    re.compile(r'<link\s+href="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*/>\s*'),
    re.compile(r'<script\s+src="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*>\s*</script>\s*'),
)
_HEADING = re.compile(r"<center>\s*<h1></h1>\s*</center>\s*")


@cache
def static_text(name: str) -> str:
    """A page asset shipped as package data in ``policykg/viz/static`` (page.css, agencies.js …).

    >>> "pkgUI" in static_text("page.js")
    True
    """
    return resources.files("policykg.viz").joinpath("static", name).read_text(encoding="utf-8")




@dataclass(frozen=True)
class View:
    """A generated HTML page: save it, or display it in Jupyter (an iframe holding the page)."""

    html: str
    title: str
    node_count: int
    edge_count: int

    def save(self, path: str | Path) -> Path:
        """Write the page as UTF-8, atomically (never a half page), and return its path."""
        from policykg.queries.output_file import write_output

        return write_output(path, self.html.encode("utf-8"))

    def _repr_html_(self) -> str:
        srcdoc = html.escape(self.html, quote=True)
        return f'<iframe srcdoc="{srcdoc}" style="width:100%;height:720px;border:0"></iframe>'


def fill_network(net: Network, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Put nodes and edges into pyvis's lists directly (add_node per node is slow at scale)."""
    net.nodes = nodes
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.edges = edges


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' survives literally.

    >>> script_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def network_options(directed: bool = False) -> dict[str, Any]:
    """vis-network options: fixed precomputed layout, no physics, hover events, straight edges."""
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": True},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": directed, "scaleFactor": 0.6}}},
        "nodes": {"font": {"face": "Noto Sans CJK SC, sans-serif"}},
    }


def render_page(
    *,
    title: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    data: Any,
    view_js: str,  # the view's script in static/, e.g. agencies.js
    controls_html: str = "",
    directed: bool = False,
    labels: list[dict[str, Any]] | None = None,  # text nodes naming areas; not counted as nodes
) -> View:
    """Assemble one self-contained page from pyvis's in-line template, our data and scripts."""
    net = Network(
        height="calc(100vh - 46px)",
        width="calc(100% - 382px)",
        directed=directed,
        cdn_resources="in_line",
        heading="",
    )
    fill_network(net, nodes + (labels or []), edges)
    net.options = network_options(directed)
    page = net.generate_html()
    for pattern in _CDN_TAGS:
        page, count = pattern.subn("", page)
        if count != 1:
            raise RuntimeError(f"pyvis template changed: {pattern.pattern} matched {count} times")
    page = _HEADING.sub("", page)
    head = f"<title>{html.escape(title)}</title>\n<style>{static_text('page.css')}</style>\n</head>"
    page = _insert(page, "</head>", head)
    bar = (
        f'<div id="pkg-bar"><h1>{html.escape(title)}</h1>{controls_html}</div>\n'
        '<div id="pkg-tip"></div>'
    )
    page = _insert(page, "<body>", "<body>\n" + bar)
    side = (
        '<div id="pkg-side"><div id="pkg-panel"></div><div id="pkg-legend"></div></div>\n'
        f'<script type="application/json" id="pkg-data">{script_json(data)}</script>\n'
        f"<script>{static_text('page.js')}</script>\n<script>{static_text(view_js)}</script>\n</body>"
    )
    page = _insert(page, "</body>", side)
    return View(html=page, title=title, node_count=len(nodes), edge_count=len(edges))


def _insert(page: str, marker: str, replacement: str) -> str:
    """Replace the one occurrence of a template marker (fail loudly if pyvis's template moved)."""
    if page.count(marker) != 1:
        raise RuntimeError(f"pyvis template changed: {marker!r} found {page.count(marker)} times")
    return page.replace(marker, replacement)
