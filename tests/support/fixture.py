"""The hand-written query fixture, a store holding it in the layout graph/store.py writes, and the
hostile parameter values every query path must refuse or bind harmlessly."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from policykg.graph.derived import derived_quads

DATA = Path(__file__).parent.parent / "data" / "queries"
FIXTURE = DATA / "fixture.trig"
BASE = "https://w3id.org/policykg/"


def fixture_store(store_dir: Path) -> Path:
    """Write the fixture and its derived graph into ``store_dir`` as graph/store.py lays it out."""
    store_dir.mkdir(parents=True, exist_ok=True)
    generation = store_dir / "gen-000001"
    store = ox.Store(str(generation))
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    derived = ox.NamedNode(BASE + "graph/derived")
    store.extend(list(derived_quads(store, derived)))  # computed as a build computes it
    store.flush()
    del store
    os.symlink(generation.name, store_dir / "current")
    return store_dir


def store_dump(store_dir: Path) -> list[str]:
    """Every quad of the store, sorted, as N-Quads lines (to show nothing changed)."""
    store = ox.Store.read_only(str((store_dir / "current").resolve()))
    return sorted(str(q) for q in store)


def expand(value: object) -> object:
    """``<doc/…>`` in an expectation is an IRI relative to the base; anything else as is."""
    if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
        return BASE + value[1:-1]
    return value


HOSTILE = [
    '"',
    "'",
    "} ; DROP ALL ; {",
    '" } ; DROP ALL ; { "',
    "x\n} DROP ALL {\n",
    "\\",
    '\\" } #',
    "<http://x/>",
    "?agency",
    "' ; DELETE WHERE { ?s ?p ?o } #",
    '区生态环境局" } UNION { ?s ?p ?o } #',
    "永川区\" . ?s ?p ?o . FILTER(true) #",
]


# Parameters for every named query that requires some: a run of every query (paging, endpoint
# conformance) binds these; the documents exist in the fixture and in the corpus.
START = {"start": BASE + "doc/永川府办发-2022-14"}
REQUIRED_PARAMS = {"lineage-up": START, "lineage-down": START, "lineage-tasks": START,
                   "lineage-counts": START,
                   "tasks-mentioning": {"text_contains": "绿色"},
                   "clause-tasks": {"upstream_doc": BASE + "doc/国发-2021-4"},
                   "search": {"text_contains": "绿色"},
                   "task-details": {"task": BASE + "doc/永川府办发-2022-14/task/2"},
                   "tasks-under": {"via": BASE + "doc/永川府办发-2022-14/section/1"}}


def query_cases() -> Iterator[tuple[str, dict[str, object], list[dict[str, object]]]]:
    """Every hand-written case of tests/data/queries: (query name, bound parameters, rows)."""
    for path in sorted(DATA.glob("*.expected.json")):
        name = path.name.removesuffix(".expected.json")
        for case in json.loads(path.read_text(encoding="utf-8")):
            yield name, {k: expand(v) for k, v in case["params"].items()}, case["rows"]
