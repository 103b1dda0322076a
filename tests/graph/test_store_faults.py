"""Faults: kill -9 at random moments of build, export and push; disk full at several points of a
build (a small tmpfs made by the test); a read-only store. 0 losses, 0 leftovers, clear errors."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg.graph.location import StorePathError, StoreSpaceError, live_dir, open_read_only
from policykg.graph.push import push_store
from policykg.graph.store import write_store
from policykg.loaders.records import DocNumber, Extraction
from policykg.queries.serve import oxigraph_binary
from policykg.queries.source import RemoteSource
from tests.data.graph_build.records import QIJIANG, YONGCHUAN
from tests.support.server import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.crash

TASKS = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }"
POLICYKG = [sys.executable, "-c", "from policykg.cli import main; main()"]


def copy(n: int) -> Extraction:
    """The 永川 records as another file with another 文号 and content (2 tasks)."""
    doc = dataclasses.replace(YONGCHUAN.documents[0], doc_number=f"永川府办发〔2030〕{n}号",
                              doc_number_parts=DocNumber("永川府办发", 2030, n))
    source = dataclasses.replace(YONGCHUAN.source, path=f"data/copies/file{n}.txt",
                                 sha256=f"{n:064x}")
    return dataclasses.replace(YONGCHUAN, source=source, documents=(doc,))


BUILD = """
import sys
from policykg.graph.store import write_store
from tests.graph.test_store_faults import copy
write_store([copy(n) for n in range(1, int(sys.argv[2]) + 1)], sys.argv[1])
"""


def tasks(store_dir: Path) -> int:
    store = open_read_only(store_dir)
    return int(next(iter(store.query(TASKS, use_default_graph_as_union=True)))["n"].value)


def dump(store_dir: Path) -> list[str]:
    return sorted(str(q) for q in open_read_only(store_dir))


def store_entries(store_dir: Path) -> list[str]:
    """What a healthy store holds after a build: current, lock, two generations, two manifests."""
    return sorted(p.name for p in store_dir.iterdir())


def healthy(store_dir: Path) -> bool:
    live = live_dir(store_dir).name
    names = store_entries(store_dir)
    generations = [n for n in names if n.startswith("gen-") and (store_dir / n).is_dir()]
    manifests = [n for n in names if n.endswith(".manifest")]
    others = set(names) - set(generations) - set(manifests) - {"current", "lock"}
    return (live in generations and len(generations) <= 2 and not others
            and sorted(manifests) == sorted(g + ".manifest" for g in generations))


def kill_at_random(command: list[str], seconds: float, rng: random.Random,
                   stdout: int | None = subprocess.DEVNULL) -> bool:
    """Run ``command``, kill -9 it after a random moment within ``seconds``; True if killed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout,
                               stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, seconds))
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return killed


def duration(command: list[str]) -> float:
    """Seconds one uninterrupted run of ``command`` takes now (the machine may be busy)."""
    start = time.monotonic()
    subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
                   capture_output=True)
    return time.monotonic() - start


def test_kill_9_at_random_moments_of_builds(tmp_path: Path) -> None:
    rng = random.Random(16)
    store = tmp_path / "store"
    write_store([YONGCHUAN, QIJIANG], store)
    size = 40
    command = [sys.executable, "-c", BUILD, str(store), str(size)]
    # kill anywhere from the start to past the end of a build as long as one takes now, so
    # start-up, checkpoint, writing, derived facts, compaction and the switch are all hit
    whole = duration(command)
    killed = finished = 0
    for trial in range(30):
        before = tasks(store)
        if kill_at_random(command, 1.1 * whole, rng):
            killed += 1
        else:
            finished += 1
        # the store opens with the previous state or the new one, never a half state: 3 tasks
        # (the 永川 and 綦江 records) before, 2 more per copy after
        assert tasks(store) in (before, 3 + 2 * size), trial
        write_store([QIJIANG], store)  # the next build removes the leftovers and works
        assert healthy(store), (trial, store_entries(store))
    print(f"builds: {killed} killed, {finished} finished first (a build took {whole:.1f} s); "
          "0 losses, 0 leftovers")
    assert killed >= 15, (killed, finished)


def test_kill_9_at_random_moments_of_exports(tmp_path: Path) -> None:
    rng = random.Random(17)
    store = tmp_path / "store"
    write_store([YONGCHUAN, QIJIANG, *(copy(n) for n in range(1, 40))], store)
    full = subprocess.run([*POLICYKG, "export", "--format", "nq", "--store", str(store)],
                          capture_output=True, check=True, cwd=ROOT).stdout
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    out = tmp_path / "out"
    out.mkdir()
    command = ["env", f"TMPDIR={scratch}", *POLICYKG, "export", "--format", "nq",
               "--store", str(store), "-o", str(out / "graph.nq")]
    whole = duration(command)
    (out / "graph.nq").unlink()
    killed = 0
    for trial in range(10):
        killed += kill_at_random(command, 1.1 * whole, rng)
        target = out / "graph.nq"
        assert not target.exists() or target.read_bytes() == full, trial  # whole or absent
    # the next export removes what the killed ones left: its temporary files and sort runs
    subprocess.run([*POLICYKG, "export", "--format", "nq", "--store", str(store), "-o",
                    str(out / "graph.nq")], check=True, cwd=ROOT, env=env, capture_output=True)
    assert (out / "graph.nq").read_bytes() == full
    assert sorted(p.name for p in out.iterdir()) == ["graph.nq"]
    assert list(scratch.iterdir()) == []
    print(f"exports: {killed} of 10 killed (an export took {whole:.1f} s); 0 partial files, "
          "0 leftovers")
    assert killed >= 3


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_kill_9_at_random_moments_of_pushes(tmp_path: Path) -> None:
    rng = random.Random(18)
    # two stores that differ in most graphs, so that every push has PUTs and DELETEs to do
    stores = [tmp_path / "a", tmp_path / "b"]
    write_store([YONGCHUAN, QIJIANG, *(copy(n) for n in range(1, 150))], stores[0])
    write_store([QIJIANG, *(copy(n) for n in range(100, 300))], stores[1])
    with oxigraph_server(tmp_path / "server") as server:
        commands = [[*POLICYKG, "push", server + "/store", "--store", str(s)] for s in stores]
        whole = duration(commands[0])
        killed = 0
        for trial in range(10):
            killed += kill_at_random(commands[(trial + 1) % 2], 1.1 * whole, rng)
        summary = push_store(server + "/store", stores[0])  # the next push completes the copy
        again = push_store(server + "/store", stores[0])
        rows = RemoteSource(server + "/query").select(TASKS)
        graphs = RemoteSource(server + "/query").select(
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } }")
    print(f"pushes: {killed} of 10 killed (a push took {whole:.1f} s); the next push "
          f"completed the copy ({summary})")
    assert rows == [{"n": 3 + 2 * 149}]  # nothing lost, nothing of the other store left
    # sources, reference, entities, clause links, derived facts, and the ledger
    assert graphs == [{"n": 151 + 4 + 1}]
    assert (again.sent, again.deleted, again.unchanged) == (0, 0, 151 + 4)
    assert killed >= 3


@contextlib.contextmanager
def tmpfs(size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted for the test (root only) and removed after."""
    folder = Path(tempfile.mkdtemp(prefix="policykg-tmpfs-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True, text=True)
    if mounted.returncode:
        folder.rmdir()
        pytest.fail(f"cannot mount a tmpfs (the fault tests need root): {mounted.stderr}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
        folder.rmdir()


@pytest.mark.parametrize(("size", "copies"), [("2m", 400), ("4m", 600), ("8m", 1500)])
def test_disk_full_undoes_the_build_in_one_sentence(size: str, copies: int) -> None:
    with tmpfs(size) as disk:
        store = disk / "store"
        write_store([YONGCHUAN, QIJIANG], store)
        before, entries = dump(store), store_entries(store)
        with pytest.raises(StoreSpaceError) as error:
            write_store([copy(n) for n in range(1, copies)], store)
        message = str(error.value)
        assert message.startswith(f"not enough disk space in {store}: ")
        assert " free, about " in message and message.endswith(" needed; the store is unchanged")
        assert dump(store) == before
        assert store_entries(store) == entries  # its generation and manifest are gone
        write_store([QIJIANG], store)  # the lock was released and the space given back
        assert tasks(store) == 3


def test_disk_full_through_the_cli_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    corpus = ROOT / "data" / "corpus" / "chongqing"
    for n in range(30):
        for path in corpus.glob("*.txt"):
            text = path.read_text(encoding="utf-8").replace("2022", str(2100 + n))
            (folder / f"{n}_{path.name}").write_text(text + f"\n{n}\n", encoding="utf-8")
    with tmpfs("2m") as disk:
        result = subprocess.run([*POLICYKG, "build", str(folder), "--store", str(disk / "s")],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 1
        assert result.stderr.startswith(f"Error: not enough disk space in {disk / 's'}: ")
        assert len(result.stderr.strip().splitlines()) == 1
        assert sorted(p.name for p in (disk / "s").iterdir()) == ["lock"]


def test_a_read_only_store_is_a_clear_error_and_stays_readable() -> None:
    with tmpfs("16m") as disk:
        store = disk / "store"
        write_store([YONGCHUAN, QIJIANG], store)
        before = dump(store)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with pytest.raises(StorePathError, match="it is read-only"):
            write_store([QIJIANG], store)
        assert dump(store) == before  # reports still read it
        assert ox.Store.read_only(str(live_dir(store))) is not None
