"""Benchmark the named queries: embedded Oxigraph store against rdflib's memory store.

    .venv/bin/python bench/queries.py [--triples 1000000] [--runs 5] [--rdflib-timeout 120]

1. The bundled corpus, built with ``policykg build`` into a temporary store.
2. A synthetic graph of about ``--triples`` triples in the shape of docs/model.md (districts,
   agencies, documents implementing an upstream chain, sections, tasks with qualified
   assignments, targets, indicator rows, repeals), its derived graph computed by graph/derived.py.

Every named query in queries/ runs with sample parameters (all of them, each optional one alone,
none of the optional ones, and lineage from both ends), embedded (on-disk store opened read-only,
parameters as a leading VALUES block: what the CLI does) and in an rdflib
``Dataset(default_union=True)`` in memory (``initBindings``); the table shows the median time of
each, the ratio and the row counts. Targets: < 50 ms per query on the corpus, < 500 ms on
1M triples; cases over target are listed with their rows and µs per row, followed by the floor:
the cheapest possible listing of every task–agency link (one pattern, two columns), which no
answer of that many rows can beat. Last, the wall time of
``policykg tasks --agency 区生态环境局 --district 永川区`` including interpreter start-up
(target < 1 s).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from policykg.graph.derived import derived_quads  # noqa: E402
from policykg.queries import bind_params, named_queries, run_named  # noqa: E402
from policykg.queries.source import EmbeddedSource, open_source  # noqa: E402

BASE = "https://w3id.org/policykg/"
POL = "https://w3id.org/policykg/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

SAMPLES = {  # a value for each parameter name a named query declares, in both graphs
    "agency": BASE + "agency/永川区/生态环境局",
    "district": "永川区",
    "role": "lead",
    "indicator_contains": "利用率",
    "start": BASE + "doc/国发-2021-4",
    "text_contains": "绿色",
    "status": "accepted",
    "upstream_doc": BASE + "doc/国发-2021-4",
    "due_before": "2025-12-31",
}
CORPUS_SAMPLES = {"doc": BASE + "doc/永川府办发-2022-14",
                  "task": BASE + "doc/永川府办发-2022-14/task/29",
                  "via": BASE + "doc/永川府办发-2022-14"}
SYNTHETIC_SAMPLES = {"doc": BASE + "doc/合成0府发-2022-0",
                     "task": BASE + "doc/合成0府发-2022-0/task/29",
                     "via": BASE + "doc/合成0府发-2022-0"}


def cases(samples: dict[str, object]) -> Iterator[tuple[str, str, dict[str, object]]]:
    """(label, query name, params): every query with all its parameters, with each optional one
    alone when it has several, and without optional ones ("all")."""
    for query in named_queries().values():
        full = {p.name: samples[p.name] for p in query.params}
        required = {p.name: samples[p.name] for p in query.params if p.required}
        yield query.name + (" (" + ",".join(full) + ")" if full else ""), query.name, full
        optional = [p.name for p in query.params if not p.required]
        if len(optional) > 1:
            for name in optional:
                params = required | {name: samples[name]}
                yield f"{query.name} ({','.join(params)})", query.name, params
        if full != required:
            yield query.name + " (all)", query.name, required
        if "start" in full:  # lineage from the other end too: a district document
            yield f"{query.name} (start=doc)", query.name, full | {"start": samples["doc"]}


def median_ms(run: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median wall time in ms over ``runs`` calls (after one warm-up) and the last result."""
    result = run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


# --- rdflib memory store, each query in a forked child so that a slow one can be cut off ------

_DATASET = None


def rdflib_dataset(nquads: bytes):
    """rdflib's default memory store holding the same quads, union of graphs as default."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    return dataset


def _rdflib_bindings(query_name: str, params: dict[str, object]) -> dict:
    from rdflib import Literal, URIRef, Variable

    out = {}
    for name, term in bind_params(named_queries()[query_name], params).items():
        if isinstance(term, ox.NamedNode):
            out[Variable(name)] = URIRef(term.value)
        elif term.language:
            out[Variable(name)] = Literal(term.value, lang=term.language)
        else:
            out[Variable(name)] = Literal(term.value)
    return out


def _rdflib_child(query_name: str, params: dict, runs: int, pipe) -> None:
    text = named_queries()[query_name].text
    bindings = _rdflib_bindings(query_name, params)
    try:
        ms, rows = median_ms(lambda: list(_DATASET.query(text, initBindings=bindings)), runs)
    except Exception as error:  # rdflib fails on some valid queries; report it, go on
        pipe.send((float("nan"), f"{type(error).__name__}: {error}"))
        return
    pipe.send((ms, len(rows)))


def rdflib_time(query_name: str, params: dict, runs: int, timeout: float) -> tuple[float, object]:
    """Median ms and row count in rdflib; (inf, -1) when the runs (and the warm-up) take more
    than ``timeout`` seconds each on average; (nan, error) on error."""
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=_rdflib_child, args=(query_name, params, runs, child))
    process.start()
    if parent.poll(timeout * (runs + 1)):
        result = parent.recv()
        process.join()
        return result
    process.kill()
    process.join()
    return float("inf"), -1


# --- synthetic graph -----------------------------------------------------------------------


class Quads:
    """Collects quads with cached named nodes."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self.nodes: dict[str, ox.NamedNode] = {}

    def node(self, iri: str) -> ox.NamedNode:
        found = self.nodes.get(iri)
        if found is None:
            found = self.nodes[iri] = ox.NamedNode(iri)
        return found

    def add(self, s: str, p: str, o: object, graph: str) -> None:
        if isinstance(o, str) and o.startswith("http"):
            obj = self.node(o)
        elif isinstance(o, ox.Literal):
            obj = o
        elif isinstance(o, int):
            obj = ox.Literal(str(o), datatype=self.node(XSD + "integer"))
        else:
            obj = ox.Literal(str(o))
        self.quads.append(ox.Quad(self.node(s), self.node(p), obj, self.node(graph)))


def synthetic(target_triples: int, seed: int = 7) -> list[ox.Quad]:
    """About ``target_triples`` quads in the model's shape; district 0 is 永川区."""
    rng = random.Random(seed)
    q = Quads()
    ref = BASE + "graph/reference"
    national, municipal = BASE + "doc/国发-2021-4", BASE + "doc/渝府发-2021-31"
    for doc, number, level in ((national, "国发〔2021〕4号", "national"),
                               (municipal, "渝府发〔2021〕31号", "municipal")):
        q.add(doc, RDF_TYPE, POL + "PolicyDocument", ref)
        q.add(doc, RDF_TYPE, POL + "ReferenceDocument", ref)
        q.add(doc, ELI + "id_local", number, ref)
        q.add(doc, POL + "level", POL + "level_" + level, ref)
    q.add(municipal, POL + "implements", national, ref)
    d = 0
    while len(q.quads) < target_triples:
        name = "永川区" if d == 0 else f"合成{d}区"
        district = BASE + f"district/{name}"
        agencies = [BASE + f"agency/{name}/{'生态环境局' if j == 0 else f'部门{j}'}"
                    for j in range(60)]
        # two source graphs per district, each asserting the district and every agency (as the
        # build does for agencies named in several files); rdflib's union over hundreds of
        # graphs would be far slower still
        sources = [BASE + f"source/synthetic/{name}-{half}.txt" for half in "ab"]
        for source in sources:
            q.add(district, RDF_TYPE, POL + "District", source)
            q.add(district, SKOS + "prefLabel", ox.Literal(name, language="zh"), source)
            for j, agency in enumerate(agencies):
                q.add(agency, RDF_TYPE, POL + "Agency", source)
                q.add(agency, SKOS + "prefLabel",
                      ox.Literal(f"重庆市{name}{agency.rsplit('/', 1)[-1]}", language="zh"), source)
                q.add(agency, POL + "district", district, source)
                q.add(agency, POL + "agencyType", POL + "agencytype_department", source)
                if j % 5 == 0:
                    q.add(agency, SKOS + "altLabel",
                          ox.Literal("区" + agency.rsplit("/", 1)[-1], language="zh"), source)
        for k in range(25):
            source = sources[k % 2]
            doc = BASE + f"doc/合成{d}府发-2022-{k}"
            q.add(doc, RDF_TYPE, POL + "PolicyDocument", source)
            q.add(doc, ELI + "id_local", f"合成{d}府发〔2022〕{k}号", source)
            q.add(doc, DCT + "title", ox.Literal(f"关于印发合成文件{d}-{k}的通知", language="zh"),
                  source)
            q.add(doc, ELI + "type_document", POL + "doctype_通知", source)
            q.add(doc, ELI + "date_document", ox.Literal("2022-03-01", datatype=q.node(XSD + "date")),
                  source)
            q.add(doc, POL + "district", district, source)
            q.add(doc, POL + "level", POL + "level_district", source)
            q.add(doc, POL + "implements", municipal if k % 2 else national, source)
            q.add(doc, POL + "taskCount", 70, source)
            if k % 10 == 9:
                q.add(doc, ELI + "repeals", BASE + f"doc/合成{d}府办发-2016-{k}", source)
            for s in range(7):
                section = f"{doc}/section/{s + 1}"
                q.add(section, RDF_TYPE, POL + "Section", source)
                q.add(section, ELI + "is_part_of", doc, source)
                q.add(section, POL + "number", f"（{s + 1}）", source)
                q.add(section, DCT + "title", ox.Literal(f"第{s + 1}部分", language="zh"), source)
            for i in range(1, 71):
                task = f"{doc}/task/{i}"
                q.add(task, RDF_TYPE, POL + "Task", source)
                q.add(task, ELI + "is_part_of", doc, source)
                q.add(task, POL + "inSection", f"{doc}/section/{(i - 1) // 10 + 1}", source)
                q.add(task, POL + "number", str(i), source)
                q.add(task, POL + "order", i, source)
                q.add(task, POL + "text", f"合成任务{d}-{k}-{i}：推进绿色低碳循环发展。", source)
                if i % 20 == 0:
                    target = f"{task}/target/1"
                    q.add(task, POL + "hasTarget", target, source)
                    q.add(target, POL + "indicatorName", f"资源化利用率{i}", source)
                    q.add(target, POL + "value", ox.Literal("90.0", datatype=q.node(XSD + "decimal")),
                          source)
                if i % 15 == 0:
                    q.add(task, POL + "collective", "有关单位", source)
                    continue
                chosen = rng.sample(agencies, rng.choice((1, 2, 2, 3, 3, 4)))
                if rng.random() < 0.05:
                    chosen = [agencies[0], *[a for a in chosen if a != agencies[0]]]
                for n, agency in enumerate(chosen):
                    role = "joint" if i % 10 == 0 else ("lead" if n == 0 else "co")
                    assignment = f"{task}/assignment/{agency.rsplit('/', 1)[-1]}"
                    q.add(task, PROV + "qualifiedAssociation", assignment, source)
                    q.add(task, POL + "responsibleAgency", agency, source)
                    q.add(task, POL + f"{role}Agency", agency, source)
                    q.add(assignment, RDF_TYPE, POL + "Assignment", source)
                    q.add(assignment, PROV + "agent", agency, source)
                    q.add(assignment, PROV + "hadRole", POL + "role_" + role, source)
                    q.add(assignment, POL + "basis", POL + "basis_listing_order", source)
        d += 1
    return q.quads


def write_store(quads: list[ox.Quad], store_dir: Path) -> Path:
    """Write quads and their derived graph into ``store_dir`` in graph/store.py's layout."""
    store_dir.mkdir(parents=True)
    store = ox.Store(str(store_dir / "gen-000001"))
    store.bulk_extend(quads)
    start = time.perf_counter()
    derived = ox.NamedNode(BASE + "graph/derived")
    store.bulk_extend(list(derived_quads(store, derived)))  # as graph/store.py does after a build
    print(f"derived graph computed in {time.perf_counter() - start:.1f} s", flush=True)
    store.optimize()
    store.flush()
    del store
    os.symlink("gen-000001", store_dir / "current")
    return store_dir


# --- report --------------------------------------------------------------------------------


def bench(label: str, store_dir: Path, runs: int, rdflib_timeout: float, target_ms: float,
          samples: dict[str, object]) -> None:
    """Time every case embedded and in rdflib, and print the table."""
    global _DATASET
    source = open_source(store_dir, None)
    assert isinstance(source, EmbeddedSource)
    size = len(source.store)
    start = time.perf_counter()
    _DATASET = rdflib_dataset(source.store.dump(format=ox.RdfFormat.N_QUADS))
    load = time.perf_counter() - start
    print(f"\n## {label}: {size:,} quads (rdflib memory load {load:.1f} s)", flush=True)
    print(f"{'query':44} {'embedded ms':>12} {'rdflib ms':>11} {'ratio':>8} {'rows':>7}  ok")
    worst = 0.0
    over: list[str] = []
    for case_label, name, params in cases(SAMPLES | samples):
        ms, rows = median_ms(lambda n=name, p=params: run_named(
            source, n, **p), runs)
        r_ms, r_rows = rdflib_time(name, params, 1 if size > 100_000 else runs, rdflib_timeout)
        worst = max(worst, ms)
        if r_ms != r_ms:  # nan: rdflib raised
            ratio, r_text, same = "error", "error", f"rdflib: {r_rows}"[:90]
        elif r_ms == float("inf"):
            ratio, r_text, same = "timeout", f">{rdflib_timeout:.0f}000", ""
        else:
            ratio, r_text = f"{r_ms / ms:7.1f}x", f"{r_ms:11.1f}"
            same = "" if r_rows == len(rows) else f"rdflib rows {r_rows}"
        flag = "yes" if ms < target_ms else "NO"
        if ms >= target_ms:
            over.append(f"{case_label}: {ms:,.0f} ms for {len(rows):,} rows "
                        f"({1000 * ms / max(len(rows), 1):.0f} µs/row)")
        print(f"{case_label:44} {ms:12.1f} {r_text:>11} {ratio:>8} {len(rows):7}  {flag} {same}",
              flush=True)
    print(f"slowest embedded query: {worst:.1f} ms (target < {target_ms:.0f} ms)")
    # the cost of an answer grows with its rows (one index lookup per column and row, and a sort):
    # over-target cases are printed with their size, so that a slow plan shows as a high µs/row
    for line in over:
        print(f"  over target: {line}")
    floor(source, runs)


FLOOR = (
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
    "SELECT ?assignment ?agency WHERE { ?assignment prov:agent ?agency }"
)


def floor(source: EmbeddedSource, runs: int) -> None:
    """The cheapest listing of every task–agency link: one pattern, two columns, no order.

    What any answer with that many rows costs at least, in the engine and read into Python.
    """
    engine_ms, count = median_ms(lambda: sum(1 for _ in source.store.query(
        FLOOR, use_default_graph_as_union=True)), runs)
    rows_ms, _ = median_ms(lambda: source.select(FLOOR), runs)
    print(f"floor: every task–agency link by one pattern ({count:,} rows, 2 columns): engine "
          f"{engine_ms:.1f} ms, read into Python {rows_ms:.1f} ms "
          f"({1000 * rows_ms / max(count, 1):.1f} µs/row)")


def cli_wall(store_dir: Path, runs: int = 5) -> None:
    """Wall time of the flagship report, interpreter start-up included."""
    command = [str(REPO / ".venv" / "bin" / "policykg"), "tasks", "--agency", "区生态环境局",
               "--district", "永川区", "--store", str(store_dir)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(f"\npolicykg tasks --agency 区生态环境局 --district 永川区 (wall, {runs} runs): "
          f"median {statistics.median(times):.3f} s, min {min(times):.3f} s (target < 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0,
                        help="seconds per rdflib run before it counts as a timeout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        subprocess.run([sys.executable, "-c", "from policykg.cli import main; main()", "build",
                        str(REPO / "data" / "corpus" / "chongqing"), "--store", str(corpus)],
                       check=True, capture_output=True)
        bench("bundled corpus", corpus, args.runs, args.rdflib_timeout, 50, CORPUS_SAMPLES)
        cli_wall(corpus)
        start = time.perf_counter()
        quads = synthetic(args.triples)
        big = write_store(quads, Path(tmp) / "synthetic")
        del quads
        print(f"\nsynthetic graph generated and stored in {time.perf_counter() - start:.1f} s")
        bench(f"synthetic ({args.triples:,} triples requested)", big, args.runs,
              args.rdflib_timeout, 500, SYNTHETIC_SAMPLES)


if __name__ == "__main__":
    main()
