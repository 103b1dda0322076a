"""Extraction speed and memory: the bundled corpus repeated to at least 50 MB, end to end.

Prints MB/s on one core (read, decode, clean, detect, parse, jieba included) and peak memory,
and the resident memory after the first tenth of the files against the end, to show that memory
does not grow with the number of files. Target: at least 2 MB/s per core.

    .venv/bin/python bench/extract.py [--mb 50] [--jobs N]

With ``--jobs N`` the files are extracted on a local Dask cluster of N worker processes
(graph/workers.py, what ``policykg build --jobs N`` uses), started and warmed before the clock
starts as the serial run is warmed (the start-up is printed apart); compare the wall time with
``--jobs 1`` for the speed-up (target ≥ 1.6× for 2 jobs on 2 cores; measure on a quiet machine).
``--stage prepare`` measures what a build runs on the workers: extraction and the records turned
into N-Quads (``prepare_all``), the process that reads the results receiving bytes, not records.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.graph.reference import catalog_of_graph, reference_graph  # noqa: E402
from policykg.graph.workers import extract_all, local_cluster, prepare_all  # noqa: E402
from policykg.loaders import extract_paths  # noqa: E402

CORPUS = ROOT / "data" / "corpus" / "chongqing"


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _variant(text: str, i: int) -> str:
    """A copy whose long lines differ from every other copy's, so no cache can replay earlier work."""
    lines = text.split("\n")
    return "\n".join(
        line.replace("，", f"，第{i}批次，", 1) if len(line) > 40 else line for line in lines
    )


def _warm_cluster(jobs: int, sources: list[Path]) -> tuple[object, str, float]:
    """A local Dask cluster of ``jobs`` workers that have each extracted the corpus once.

    The serial run is measured after a warm-up (jieba's dictionary, OpenCC); so is this one, on
    every worker, and the start-up time is printed apart.
    """
    from dask.distributed import Client

    from policykg.loaders.pipeline import extract_file

    start = time.perf_counter()
    cluster = local_cluster(jobs)
    with Client(cluster) as client:
        client.run(lambda: [extract_file(path) for path in sources])
    return cluster, cluster.scheduler_address, time.perf_counter() - start


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _workers_cpu(scheduler: str | None) -> list[float]:
    """CPU seconds (user + system) each worker process of the cluster has used so far."""
    if scheduler is None:
        return []
    from dask.distributed import Client

    with Client(scheduler) as client:
        return [seconds for _, seconds in sorted(client.run(_cpu_seconds).items())]


def _results(stage: str, files: list[Path], jobs: int,
             scheduler: str | None) -> Iterator[tuple[int, int, int]]:
    """(documents, tasks, errors) of each file, extracted (and prepared) as ``stage`` says."""
    if stage == "extract":
        for extraction in extract_all(files, jobs, scheduler):
            yield (len(extraction.documents), sum(len(d.tasks) for d in extraction.documents),
                   len(extraction.errors))
        return
    catalog = catalog_of_graph(reference_graph())
    for prepared in prepare_all(files, catalog, jobs=jobs, scheduler=scheduler):
        report = prepared.report
        yield (report.documents if report else 0, report.tasks if report else 0,
               len(prepared.errors) + len(prepared.build_errors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size to reach, in MB")
    parser.add_argument("--jobs", type=int, default=1, help="Dask worker processes (1: serial)")
    parser.add_argument("--stage", choices=["extract", "prepare"], default="extract",
                        help="extract: records; prepare: records turned into N-Quads too")
    args = parser.parse_args()
    sources = sorted(CORPUS.glob("*.txt"))
    size = sum(p.stat().st_size for p in sources)
    copies = int(args.mb * 1024 * 1024 / size) + 1
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(copies):
            for source in sources:
                target = Path(tmp) / f"{i:05d}_{source.name}"
                target.write_text(_variant(source.read_text(encoding="utf-8"), i), encoding="utf-8")
                files.append(target)
        total = sum(p.stat().st_size for p in files)
        # warm-up: jieba's dictionary and OpenCC load lazily; measure steady-state work
        for _ in extract_paths(sources):
            pass
        tenth = max(1, len(files) // 10)
        documents = tasks = errors = 0
        cluster, scheduler, startup = _warm_cluster(args.jobs, sources) if args.jobs > 1 else (
            None, None, 0.0)
        workers_start = _workers_cpu(scheduler)
        start = time.perf_counter()
        cpu_start = time.process_time()
        rss_early = 0.0
        for n, (docs, found, failed) in enumerate(_results(args.stage, files, args.jobs,
                                                           scheduler), 1):
            documents, tasks, errors = documents + docs, tasks + found, errors + failed
            if n == tenth:
                rss_early = rss_mb()
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        workers_cpu = [after - before for after, before in
                       zip(_workers_cpu(scheduler), workers_start, strict=True)]
        rss_end = rss_mb()
        if cluster is not None:
            cluster.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mb = total / 1024 / 1024
    print(f"stage                 {args.stage}")
    print(f"jobs                  {args.jobs} ({'serial' if args.jobs == 1 else 'Dask workers'}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"files                 {len(files)} ({copies} copies of {len(sources)} documents)")
    print(f"input                 {mb:.1f} MB")
    print(f"records               {documents} documents, {tasks} tasks, {errors} errors")
    print(f"wall time             {wall:.2f} s")
    if args.jobs > 1:
        print(f"cluster start-up      {startup:.2f} s (workers started and warmed, not in the wall time; "
              f"with it: {mb / (wall + startup):.2f} MB/s)")
    print(
        f"throughput            {mb / cpu:.2f} MB/s per core (CPU time), {mb / wall:.2f} MB/s wall"
    )
    if workers_cpu:
        # on a shared machine the wall time waits for other work; the CPU seconds do not
        busiest = max([*workers_cpu, cpu])
        print(f"CPU seconds           workers {' + '.join(f'{c:.2f}' for c in workers_cpu)} = "
              f"{sum(workers_cpu):.2f}, this process {cpu:.2f}; wall on {args.jobs} free cores "
              f"is at least the busiest {busiest:.2f} s")
    print(f"peak memory (maxrss)  {peak:.0f} MB")
    print(
        f"resident memory       {rss_early:.0f} MB after {tenth} files, {rss_end:.0f} MB after {len(files)}"
    )
    print(f"target 2 MB/s/core    {'met' if mb / cpu >= 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
