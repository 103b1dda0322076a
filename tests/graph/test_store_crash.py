"""A build killed with SIGKILL never corrupts the store: it opens with its previous content."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policykg.graph.location import open_read_only
from policykg.graph.store import write_store
from tests.data.graph_build.records import QIJIANG, YONGCHUAN

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.crash

# A build of many files (copies of the 永川 records under other names and 文号) that announces
# when it is half-way through writing the new generation, then keeps working.
BUILD = """
import dataclasses, sys, time
from pathlib import Path
from policykg.graph.store import write_store
from policykg.loaders.records import DocNumber
from tests.data.graph_build.records import YONGCHUAN

def copy(n):
    doc = YONGCHUAN.documents[0]
    doc = dataclasses.replace(doc, doc_number=f"永川府办发〔2030〕{n}号",
                              doc_number_parts=DocNumber("永川府办发", 2030, n))
    # distinct content digests: the store loads a file's content once, wherever it stands
    source = dataclasses.replace(YONGCHUAN.source, path=f"data/copies/file{n}.txt",
                                 sha256=f"{n:064x}")
    return dataclasses.replace(YONGCHUAN, source=source, documents=(doc,))

marker, pause = Path(sys.argv[2]), float(sys.argv[3])
def progress(report):
    if not marker.exists():
        marker.write_text(report.path)
        time.sleep(pause)
write_store([copy(n) for n in range(1, 1000)], sys.argv[1], progress=progress)
"""

COUNT = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }"


def tasks(store_dir: Path) -> int:
    store = open_read_only(store_dir)
    return int(next(iter(store.query(COUNT, use_default_graph_as_union=True)))["n"].value)


def start_build(store_dir: Path, marker: Path, pause: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", BUILD, str(store_dir), str(marker), str(pause)], cwd=ROOT, env=env
    )


def wait_for(marker: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.02)


def test_kill_9_in_the_middle_of_writing_keeps_previous_content(tmp_path: Path) -> None:
    store = tmp_path / "store"
    write_store([YONGCHUAN, QIJIANG], store)
    assert tasks(store) == 3
    marker = tmp_path / "marker"  # beside the store: a store folder holds only the store
    process = start_build(store, marker, pause=30)
    wait_for(marker, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert tasks(store) == 3  # previous content, store opens
    # the next build cleans the debris and works
    write_store([QIJIANG], store)
    assert tasks(store) == 3
    assert len([p for p in store.iterdir() if p.name.startswith("gen-") and p.is_dir()]) == 2


@pytest.mark.parametrize("delay", [0.0, 0.3, 0.8, 1.5])
def test_kill_9_at_arbitrary_moments(tmp_path: Path, delay: float) -> None:
    store = tmp_path / "store"
    write_store([YONGCHUAN, QIJIANG], store)
    marker = tmp_path / "marker"
    process = start_build(store, marker, pause=0)
    wait_for(marker, process)
    time.sleep(delay)
    assert process.poll() is None, "the build finished before the kill; make it longer"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert tasks(store) == 3
