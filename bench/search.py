"""Benchmark ``policykg search`` (queries/search.py) on the corpus and the 1M-triple synthetic graph.

    .venv/bin/python bench/search.py [--triples 1000000] [--runs 7]

The synthetic graph is bench/queries.py's (every task text holds 绿色低碳; agencies 生态环境局 and
部门N; no 垃圾 or 碳汇 anywhere). Each case is the whole report, as the command builds it: the
search query, ranking, and the details of the shown tasks (embedded store, opened read-only).
Target: < 100 ms per search on 1M triples. Prints the median, the matches and the rows shown,
with the build's search index (graph/search_index.py) and, for comparison, without it (the SPARQL
path an endpoint takes; ``--no-sparql`` skips it), and the time the index adds to a build.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_queries", REPO / "bench" / "queries.py")
bench_queries = importlib.util.module_from_spec(_spec)  # the synthetic graph, written once
_spec.loader.exec_module(bench_queries)  # type: ignore[union-attr]

from policykg.graph.search_index import INDEX_NAME, write_search_index  # noqa: E402
from policykg.queries.search import search_report  # noqa: E402
from policykg.queries.source import EmbeddedSource, open_source  # noqa: E402

CORPUS_CASES = [("垃圾", None, None), ("碳汇", None, None), ("生态环境局", "永川区", None),
                ("绿色建筑", None, "lead"), ("节能", "永川区", "co")]
SYNTHETIC_CASES = [("垃圾", None, None), ("碳汇", None, None), ("绿色", None, None),
                   ("绿色", "永川区", "lead"), ("生态环境局", "永川区", None),
                   ("合成任务3-4-5", None, None), ("部门7", None, "co"), ("关于印发", None, None),
                   ("绿", None, None)]


def run(label: str, store: Path, cases: list, runs: int, target_ms: float,
        indexed: bool = True) -> None:
    """Print one line per case: median ms, matches, rows shown, and whether it meets the target."""
    source = open_source(store, None)
    if not indexed:
        source = EmbeddedSource(source.store)  # no location: no index, the SPARQL path
    print(f"\n{label}, {'with the search index' if indexed else 'SPARQL path (no index)'}"
          f" (target < {target_ms:g} ms)")
    print(f"{'text':<16}{'district':<10}{'role':<6}{'median ms':>10}{'rows':>6}  title")
    medians = []
    for text, district, role in cases:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            report = search_report(source, text, district, role)
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        medians.append(median)
        mark = "" if median < target_ms else "  OVER"
        print(f"{text:<16}{district or '-':<10}{role or '-':<6}{median:>10.1f}{len(report.rows):>6}"
              f"  {report.title}{mark}")
    slowest = max(medians)
    print(f"slowest median {slowest:.1f} ms: {'under' if slowest < target_ms else 'OVER'} "
          f"the {target_ms:g} ms target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-sparql", action="store_true", help="skip the path without index")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        subprocess.run([sys.executable, "-m", "policykg", "build",
                        str(REPO / "data" / "corpus" / "chongqing"), "--store", str(corpus)],
                       check=True, capture_output=True)
        run("bundled corpus", corpus, CORPUS_CASES, args.runs, 100)
        if not args.no_sparql:
            run("bundled corpus", corpus, CORPUS_CASES, args.runs, 100, indexed=False)
        quads = bench_queries.synthetic(args.triples)
        big = bench_queries.write_store(quads, Path(tmp) / "synthetic")
        del quads
        import pyoxigraph as ox

        store = ox.Store(str(big / "current"))  # as graph/store.py's build does, before switching
        start = time.perf_counter()
        index = write_search_index(store, big / "current")
        print(f"search index written in {time.perf_counter() - start:.1f} s "
              f"({index.stat().st_size / 1e6:.1f} MB, {len(store):,} quads)")
        del store
        assert (big / "current" / INDEX_NAME).is_file()
        label = f"synthetic ({args.triples:,} triples requested)"
        run(label, big, SYNTHETIC_CASES, args.runs, 100)
        if not args.no_sparql:
            run(label, big, SYNTHETIC_CASES, 1, 100, indexed=False)


if __name__ == "__main__":
    main()
