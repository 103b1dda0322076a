"""Where extraction runs: in this process, or on Dask workers (a local cluster or an existing one).

Extraction is pure CPU work per file, so it spreads over processes; writing stays in the one
process that holds the store. For a build, workers also turn the records into N-Quads
(``prepare_all``) and send back bytes and a small summary, so the writing process only writes. Results stream back as they finish, with a bounded number of files
in flight, so memory does not grow with the number of files. Workers of an existing cluster
(``--scheduler``) must see the files at the same paths (a shared file system).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from policykg.graph.iris import DEFAULT_BASE
from policykg.graph.reference import Catalog
from policykg.graph.store import Prepared, prepare
from policykg.loaders.pipeline import extract_file
from policykg.loaders.records import Extraction, Source

if TYPE_CHECKING:
    from dask.distributed import LocalCluster

# Below this many files per worker, starting a cluster (about 2 s) costs more than it saves.
MIN_FILES_PER_JOB = 4
IN_FLIGHT_PER_WORKER = 4
# Files go to a worker in batches: one Dask task per file cost more in scheduling and messages
# than extracting a small file (40 MB in 1,950 files: 19.1 s on 2 workers against 14.6 s serial)
BATCH_BYTES = 1 << 20
BATCH_FILES = 64
# A local cluster's workers parse, and nothing else: measured on 40 MB with 2 workers, each
# spent ~15 % more CPU on the same files than a plain process pool. Most of it went to what a
# long-lived shared cluster wants and a build does not: the statistical profiler's thread sampling
# the task's deep stacks every 10 ms, the event loop's 20 ms tick, and glibc returning freed
# memory to the system after every 64 KB (MALLOC_TRIM_THRESHOLD_, set by the nanny) in code that
# allocates and frees small strings all the time. An existing cluster (--scheduler) is left as it is.
LOCAL_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
T = TypeVar("T")


def use_workers(files: int, jobs: int, scheduler: str | None) -> bool:
    """Whether to extract on Dask: a scheduler was given, or several jobs with work for each.

    >>> use_workers(5, 2, None), use_workers(100, 2, None), use_workers(100, 1, None)
    (False, True, False)
    """
    if scheduler:
        return True
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return jobs > 1 and (cores or 1) > 1 and files >= jobs * MIN_FILES_PER_JOB


def extract_all(
    paths: Sequence[Path], jobs: int = 1, scheduler: str | None = None, listing_order: bool = True
) -> Iterator[Extraction]:
    """Extractions of ``paths``: in order when serial, in order of completion on workers."""
    extract = partial(extract_file, listing_order=listing_order)
    if not use_workers(len(paths), jobs, scheduler):
        for path in paths:
            yield extract(path)
        return
    yield from _on_dask(paths, jobs, scheduler, partial(_extract_batch, extract), _failed_extraction)


def prepare_all(
    paths: Sequence[Path], catalog: Catalog, base: str = DEFAULT_BASE, jobs: int = 1,
    scheduler: str | None = None, listing_order: bool = True,
    graphs: Mapping[str, str] | None = None,
) -> Iterator[Prepared]:
    """Each file extracted and turned into N-Quads (graph/store.py ``prepare``), ready to write.

    ``graphs`` names the graph of a path when it is not source/{parent}/{name} (the writer's
    ``source_name``). Serially ``catalog`` is read as it grows; workers resolve citations against
    the catalogue as it was when they started, and the writer rebuilds the few files whose
    citations the whole build resolves otherwise (``StoreWriter.finish``): the same graph.
    """
    extract = partial(extract_file, listing_order=listing_order)
    graphs = graphs or {}
    if not use_workers(len(paths), jobs, scheduler):
        for path in paths:
            yield prepare(extract(path), catalog, base, graphs.get(str(path)))
        return
    snapshot = Catalog(dict(catalog.numbers), dict(catalog.titles))
    named = {str(p): graphs[str(p)] for p in paths if str(p) in graphs}
    run = partial(_prepare_batch, extract, base)
    yield from _on_dask(paths, jobs, scheduler, run, _failed_prepared, shared=(snapshot, named))


def local_cluster(jobs: int) -> LocalCluster:
    """A Dask cluster of ``jobs`` worker processes on loopback, set up for parsing (LOCAL_WORKERS)."""
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set(LOCAL_WORKERS):
        # one thread per worker process: jieba and the parsers hold the GIL
        return LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                            dashboard_address=None, host="127.0.0.1")


def batches(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """``paths`` in order, cut into batches of about BATCH_BYTES (at most BATCH_FILES files).

    >>> [len(b) for b in batches([Path("/nonexistent")] * 130)]
    [64, 64, 2]
    """
    batch: list[Path] = []
    size = 0
    for path in paths:
        batch.append(path)
        size += path.stat().st_size if path.is_file() else 0
        if size >= BATCH_BYTES or len(batch) >= BATCH_FILES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _extract_batch(extract: partial, batch: list[Path]) -> list[Extraction]:
    """Run on a worker: the extractions of one batch (each file's failure is its own error)."""
    return [extract(path) for path in batch]


def _prepare_batch(extract: partial, base: str, batch: list[Path],
                   shared: tuple[Catalog, Mapping[str, str]]) -> list[Prepared]:
    """Run on a worker: each file of one batch extracted and encoded into its graph."""
    catalog, graphs = shared
    return [prepare(extract(path), catalog, base, graphs.get(str(path))) for path in batch]


def _failed_extraction(path: Path, reason: str) -> Extraction:
    return Extraction(Source(str(path), "", "", ""), errors=(reason,))


def _failed_prepared(path: Path, reason: str) -> Prepared:
    return Prepared(Source(str(path), "", "", ""), "", errors=(reason,))


def _on_dask(
    paths: Sequence[Path], jobs: int, scheduler: str | None, run: partial,
    failed: Callable[[Path, str], T], shared: object = None,
) -> Iterator[T]:
    """``run(batch)`` (or ``run(batch, shared)``, sent to every worker once) for every batch."""
    from dask.distributed import Client, as_completed

    if scheduler:
        try:
            client = Client(scheduler, timeout=30)
        except (OSError, ValueError, TypeError) as error:  # a wrong address, nobody listening
            raise LookupError(f"cannot reach the Dask scheduler at {scheduler!r}: "
                              f"{str(error).splitlines()[0] if str(error) else type(error).__name__}") from None
        cluster = None
    else:
        cluster = local_cluster(jobs)
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info()["workers"]))
        window = workers * IN_FLIGHT_PER_WORKER
        pending = batches(paths)
        batch_of = {}
        extra = () if shared is None else (client.scatter(shared, broadcast=True),)
        for _, batch in zip(range(window), pending, strict=False):
            batch_of[client.submit(run, batch, *extra, pure=False)] = batch
        futures = as_completed(list(batch_of))
        for future in futures:
            batch = batch_of.pop(future)
            try:
                results = future.result()
            except Exception as error:  # a worker died: each file of its batch gets the error
                reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
                results = [failed(path, f"{path}: extraction failed on a worker: "
                                        f"{type(error).__name__} {reason}") for path in batch]
            future.release()
            following = next(pending, None)
            if following is not None:
                submitted = client.submit(run, following, *extra, pure=False)
                batch_of[submitted] = following
                futures.add(submitted)
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
