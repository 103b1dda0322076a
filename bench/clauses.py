"""Clause alignment on the bundled corpus: precision, coverage, candidates and time.

    .venv/bin/python bench/clauses.py [--runs 5] [--synthetic 1000000] [--copies 1 16 64 256]

Builds data/corpus/chongqing into a temporary store, then compares the clause links with the
links written by hand in tests/data/clauses/hand_links.tsv (sections of 永川府办发〔2022〕14号,
永川府发〔2023〕5号 and 石柱县's measures; sections and items of 南川府发〔2022〕34号; 'none' marks a
unit that restates no clause):

- precision: accepted links to the hand-linked clause / accepted links on hand-labelled units;
- coverage: hand-linked units with a link to the right clause, accepted (and accepted or
  candidate), over all hand-linked units — sections, and sections plus items;
- tasks: tasks of those documents whose link (own or inherited) is their section's hand link
  or their own;
- candidates: links in the review queue;
- time: what alignment (reading the store, aligning, writing graph/clauses) adds to a build,
  median of ``--runs``, against the target of 2 s;
- with ``--synthetic N``: the same time on the ~N-triple synthetic graph of bench/queries.py (in
  memory), whose documents all implement 国发〔2021〕4号 and are all aligned;
- with ``--copies N…``: alignment alone on the corpus copied N times (bench/build.py's copies:
  distinct 文号s, the same upstream policies), built with ``policykg build``; each alignment runs
  in its own process over the read-only store, which prints wall and CPU seconds, the resident
  memory before it and its peak (targets of issue 16: time linear, memory flat in the files).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox

from policykg.graph.clause_links import clause_quads, read_document
from policykg.graph.location import open_read_only
from policykg.graph.store import write_store
from policykg.loaders.pipeline import expand_paths, extract_file
from policykg.queries.clauses import clause_links
from policykg.queries.source import EmbeddedSource

ROOT = Path(__file__).resolve().parent.parent
HAND = ROOT / "tests" / "data" / "clauses" / "hand_links.tsv"


def hand_links(path: Path = HAND) -> dict[tuple[str, str], tuple[str, str]]:
    """(document, unit) → (upstream 文号, upstream path or 'none')."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {(r["document"], r["unit"]): (r["upstream"], r["upstream_path"])
            for r in csv.DictReader(lines, delimiter="\t")}


def unit_key(iri: object) -> str:
    """section/1.2 or task/7 from a unit IRI."""
    parts = str(iri).rsplit("/", 2)
    return f"{parts[-2]}/{parts[-1]}"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic", type=int, metavar="N", default=0)
    parser.add_argument("--copies", type=int, nargs="+", metavar="N")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the copies' stores in DIR (and reuse those already there)")
    parser.add_argument("--measure", metavar="STORE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(Path(args.measure))
    if args.copies:
        return copies_figures(args.copies, args.runs, args.keep)
    if args.synthetic:
        synthetic_time(args.synthetic)
    with tempfile.TemporaryDirectory() as tmp:
        extractions = [extract_file(p) for p in expand_paths([ROOT / "data/corpus/chongqing"])]
        start = time.perf_counter()
        write_store(extractions, Path(tmp) / "store")
        build = time.perf_counter() - start
        store = open_read_only(Path(tmp) / "store")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            quads = list(clause_quads(store, ox.NamedNode("urn:bench")))
            times.append(time.perf_counter() - start)
        links = clause_links(EmbeddedSource(store))
        documents = [read_document(store, d)
                     for d in {str(r["local_iri"]).rsplit("/", 2)[0] for r in links}]
    gold = hand_links()
    got = {(r["document"], unit_key(r["local_iri"])): r for r in links}
    labelled = [k for k in gold if k in got or gold[k][1] != "none"]
    accepted = [k for k in gold if k in got and got[k]["status"] == "accepted"]
    right = {k for k in gold if k in got
             and (got[k]["upstream"], got[k]["upstream_path"]) == gold[k]}
    linked = [k for k in gold if gold[k][1] != "none"]
    sections = [k for k in linked if k[1].startswith("section/")]
    print(f"corpus build {build:.2f} s; {len(quads)} quads in graph/clauses; "
          f"{len(links)} links ({sum(r['status'] == 'candidate' for r in links)} candidates)")
    print(f"hand links: {len(gold)} units ({len(linked)} linked, {len(gold) - len(linked)} none);"
          f" {len(labelled)} scored")
    precision = len(right & set(accepted)) / len(accepted) if accepted else 0.0
    print(f"precision of accepted links: {len(right & set(accepted))}/{len(accepted)} = "
          f"{precision:.3f} (target >= 0.95)")
    for name, units in (("sections", sections), ("sections + items", linked)):
        ok = [k for k in units if k in right]
        ok_accepted = [k for k in ok if got[k]["status"] == "accepted"]
        print(f"coverage, {name}: accepted {len(ok_accepted)}/{len(units)} = "
              f"{len(ok_accepted) / len(units):.3f}; any status {len(ok)}/{len(units)} = "
              f"{len(ok) / len(units):.3f} (target >= 0.9)")
    wrong = sorted(k for k in accepted if k not in right)
    missed = sorted(k for k in linked if k not in right)
    for label, keys in (("wrong accepted", wrong), ("missed", missed)):
        for k in keys:
            g = got.get(k)
            print(f"  {label}: {k[0][:24]} {k[1]} hand {''.join(gold[k])} got "
                  + (f"{g['upstream_path']} {g['status']} {g['method']}" if g else "none"))
    by_iri = {str(r["local_iri"]): r for r in links}
    docs = {str(r["document"]) for r in links if (r["document"], "section/1") in gold}
    tasks = [(iri, section) for doc in documents
             for iri, _, _, section, _ in doc.tasks]
    scored = ok = 0
    for iri, section in tasks:
        row = by_iri.get(iri)
        doc_row = by_iri.get(section or "")
        if doc_row is None or doc_row["document"] not in docs:
            continue
        want = gold.get((doc_row["document"], unit_key(iri))) or gold.get(
            (doc_row["document"], unit_key(section)))
        if want is None or want[1] == "none":
            continue
        scored += 1
        ok += row is not None and (row["upstream"], row["upstream_path"]) == want
    print(f"tasks whose link (own or inherited) is their own or their section's hand link: "
          f"{ok}/{scored}")
    print(f"alignment time: median {statistics.median(times) * 1000:.0f} ms over {args.runs} "
          f"runs (target < 2000 ms); ratio to the whole build {statistics.median(times) / build:.2f}")


def bench_module(name: str) -> ModuleType:
    """Another bench script as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", Path(__file__).parent / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(store_dir: Path) -> None:
    """In a process of its own: align the store once; print seconds, CPU, memory and quads."""
    store = open_read_only(store_dir)
    import sklearn.feature_extraction.text  # noqa: F401  (imported by the first alignment)

    before = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    quads = sum(1 for _ in clause_quads(store, ox.NamedNode("urn:bench")))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {cpu:.3f} {before:.0f} {peak:.0f} {quads}")


def copies_figures(sizes: list[int], runs: int, keep: Path | None = None) -> None:
    """Print alignment alone on the corpus copied ``sizes`` times: time, CPU and memory."""
    copy_corpus = bench_module("build").copy_corpus
    print(f"{'copies':>7} {'files':>6} {'text MB':>8} {'quads':>9} {'align s':>8} {'CPU s':>7} "
          f"{'CPU ms/file':>11} {'RSS before MB':>14} {'peak MB':>8} {'rise MB':>8}")
    policykg = Path(sys.executable).with_name("policykg")
    for copies in sizes:
        with tempfile.TemporaryDirectory(prefix="policykg-bench-clauses-") as tmp:
            folder = Path(tmp) / "in"
            store = keep / f"copies-{copies}" if keep else Path(tmp) / "store"
            size = copy_corpus(folder, copies)
            if not (store / "current").exists():
                subprocess.run([str(policykg), "build", str(folder), "--store", str(store)],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            figures = []
            for _ in range(runs):
                out = subprocess.run([sys.executable, __file__, "--measure", str(store)],
                                     check=True, capture_output=True, text=True).stdout.split()
                figures.append([float(x) for x in out])
            seconds, cpu, before, peak, quads = sorted(figures, key=lambda f: f[1])[len(figures) // 2]
            print(f"{copies:>7} {copies * 5:>6} {size / 1e6:>8.1f} {quads:>9,.0f} {seconds:>8.2f} "
                  f"{cpu:>7.2f} {cpu * 1000 / (copies * 5):>11.1f} {before:>14.0f} {peak:>8.0f} "
                  f"{peak - before:>8.0f}", flush=True)


def synthetic_time(triples: int) -> None:
    """Print the alignment time on the synthetic graph of bench/queries.py."""
    bench_queries = bench_module("queries")
    from policykg.graph.clauses import clause_graph, load_outlines
    from policykg.graph.iris import Iris
    from policykg.graph.store import to_quads

    store = ox.Store()
    store.extend(bench_queries.synthetic(triples))
    store.extend(to_quads(clause_graph(load_outlines()[0]), Iris().reference_graph))
    docs = len(list(store.query("SELECT DISTINCT ?d WHERE { ?d <https://w3id.org/policykg/"
                                "ontology#implements> ?u }", use_default_graph_as_union=True)))
    start = time.perf_counter()
    quads = list(clause_quads(store, ox.NamedNode("urn:bench")))
    print(f"synthetic graph of {len(store)} quads, {docs} documents with an upstream: alignment "
          f"{time.perf_counter() - start:.2f} s, {len(quads)} quads")


if __name__ == "__main__":
    main()
