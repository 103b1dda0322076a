"""Benchmark of the HTML views: generation time, file size, load-and-settle time in Chromium.

    .venv/bin/python bench/viz.py [--nodes 50000]

Rows: the bundled corpus's views (built into a temporary store first) and the synthetic
2,000-agency / 50,000-task agency view; then pyvis's add_node one by one against filling its
lists directly, and its undirected add_edge (a duplicate scan per edge) against direct lists.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timed(func: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """(result, seconds) of one call."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def views(tmp: Path) -> list[tuple[str, object, float]]:
    """(name, view, generation seconds) for the corpus views and the synthetic one."""
    from click.testing import CliRunner

    from policykg.cli import cli
    from policykg.queries.source import open_source
    from policykg.viz.agencies import agencies_view
    from policykg.viz.data import agencies_page, lineage_page
    from tests.support.synthetic import synthetic_links

    store = tmp / "store"
    build = CliRunner().invoke(cli, ["build", str(REPO / "data/corpus/chongqing"), "--store",
                                     str(store)])
    if build.exit_code != 0:
        raise SystemExit(f"corpus build failed:\n{build.output}")
    source = open_source(store, None)
    rows = []
    for name, call in [
        ("corpus agencies", lambda: agencies_page(source)),
        ("corpus agencies --agency 区生态环境局 (永川区)",
         lambda: agencies_page(source, agency="区生态环境局", district="永川区")),
        ("corpus lineage", lambda: lineage_page(source)),
    ]:
        view, seconds = timed(call)
        rows.append((name, view, seconds))
    links, link_seconds = timed(synthetic_links, agencies=2000, tasks=50_000)
    view, seconds = timed(agencies_view, links)
    rows.append((f"synthetic 2,000 agencies / 50,000 tasks ({len(links):,} links)", view,
                 seconds))
    print(f"(synthetic rows generated in {link_seconds:.2f} s, not counted)")
    return rows


def browser_table(rows: list[tuple[str, object, float]], tmp: Path) -> None:
    """Print generation, size and load-and-settle time (median of 3 fresh loads) per view."""
    from rich.cells import cell_len

    from tests.support.browser import offline_chromium, open_offline, positions_settled

    print(f"{'view':52} {'nodes':>6} {'edges':>6} {'generate':>9} {'size':>9} {'load+settle':>12}")
    with offline_chromium() as chromium:
        for name, view, seconds in rows:
            path = view.save(tmp / "view.html")  # type: ignore[attr-defined]
            loads = []
            for _ in range(3):
                opened = open_offline(chromium, path)
                assert not opened.blocked and not opened.errors, (opened.blocked, opened.errors)
                assert positions_settled(opened.page, 200)
                loads.append(opened.load_seconds)
                opened.page.close()
            size = path.stat().st_size / 1e6
            name += " " * (52 - cell_len(name))  # Chinese takes two columns
            print(f"{name} {view.node_count:>6} {view.edge_count:>6} "  # type: ignore[attr-defined]
                  f"{seconds:>8.2f}s {size:>7.2f}MB {sorted(loads)[1]:>11.2f}s")


def pyvis_figures(n: int) -> None:
    """pyvis add_node per node against direct lists; undirected add_edge growth."""
    from pyvis.network import Network

    from policykg.viz.page import fill_network

    nodes = [{"id": f"n{i}", "label": f"机构{i}", "shape": "dot", "x": i, "y": 0}
             for i in range(n)]

    def one_by_one() -> None:
        net = Network(cdn_resources="in_line")
        for node in nodes:
            net.add_node(node["id"], label=node["label"], shape="dot", x=node["x"], y=0)

    _, slow = timed(one_by_one)
    _, fast = timed(fill_network, Network(cdn_resources="in_line"), nodes, [])
    print(f"\npyvis {n:,} nodes: add_node one by one {slow:.2f} s, "
          f"lists filled directly {fast:.4f} s ({slow / max(fast, 1e-9):,.0f}x)")
    for m in (2000, 4000, 8000):
        net = Network(cdn_resources="in_line")
        fill_network(net, nodes[: m + 1], [])
        _, add = timed(lambda net=net, m=m: [net.add_edge(f"n{i}", f"n{i + 1}")
                                             for i in range(m)])
        edges = [{"from": f"n{i}", "to": f"n{i + 1}"} for i in range(m)]
        _, direct = timed(fill_network, Network(cdn_resources="in_line"), nodes[: m + 1], edges)
        print(f"pyvis {m:,} undirected edges: add_edge {add:.2f} s, direct {direct:.4f} s")


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000,
                        help="nodes for the add_node comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policykg-bench-viz-") as tmp:
        rows = views(Path(tmp))
        browser_table(rows, Path(tmp))
    pyvis_figures(args.nodes)


if __name__ == "__main__":
    main()
