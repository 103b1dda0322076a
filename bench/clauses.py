"""Clause alignment on the bundled corpus: precision, coverage, candidates and time.

    .venv/bin/python bench/clauses.py [--runs 5] [--synthetic 1000000]

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
  memory), whose documents all implement 国发〔2021〕4号 and are all aligned.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from policykg.graph.clause_links import clause_quads, read_documents
from policykg.graph.store import open_read_only, write_store
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
    args = parser.parse_args()
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
        documents = read_documents(store)
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
    tasks = [(iri, section) for doc in documents.values()
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


def synthetic_time(triples: int) -> None:
    """Print the alignment time on the synthetic graph of bench/queries.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_queries", Path(__file__).parent / "queries.py")
    bench_queries = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(bench_queries)  # type: ignore[union-attr]
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
