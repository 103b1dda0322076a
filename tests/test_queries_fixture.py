"""The hand-written query fixture, and a store holding it in the layout graph/store.py writes.

Other test modules import ``fixture_store`` from here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from policykg.graph.derived import derived_quads

DATA = Path(__file__).parent / "data" / "queries"
FIXTURE = DATA / "fixture.trig"
BASE = "https://w3id.org/policykg/"


def fixture_store(store_dir: Path) -> Path:
    """Write the fixture and its derived graph into ``store_dir`` as graph/store.py lays it out."""
    store_dir.mkdir(parents=True, exist_ok=True)
    generation = store_dir / "gen-000001"
    store = ox.Store(str(generation))
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    derived = ox.NamedNode(BASE + "graph/derived")
    store.extend(derived_quads(store, derived))  # computed as a build computes it
    store.flush()
    del store
    os.symlink(generation.name, store_dir / "current")
    return store_dir


def store_dump(store_dir: Path) -> list[str]:
    """Every quad of the store, sorted, as N-Quads lines (to show nothing changed)."""
    store = ox.Store.read_only(str((store_dir / "current").resolve()))
    return sorted(str(q) for q in store)


def test_fixture_has_its_named_graphs(tmp_path: Path) -> None:
    from policykg.graph.store import open_read_only

    store = open_read_only(fixture_store(tmp_path / "store"))
    graphs = sorted(g.value.removeprefix(BASE) for g in store.named_graphs())
    assert graphs == [
        "graph/derived",
        "graph/reference",
        "source/chongqing/qijiang_reply.txt",
        "source/chongqing/yongchuan_plan.txt",
        "source/chongqing/yongchuan_task_list.txt",
    ]
    tasks = store.query(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE "
        "{ ?t a <https://w3id.org/policykg/ontology#Task> }",
        use_default_graph_as_union=True,
    )
    assert [s["n"].value for s in tasks] == ["8"]
