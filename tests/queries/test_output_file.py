"""Output files: atomic replace of regular files only, umask respected, no leftovers, one sentence."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.queries.output_file import TEMP_MARK, OutputError, remove_leftovers, write_output


def test_a_new_file_gets_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        written = write_output(tmp_path / "deep" / "er" / "out.ttl", b"data")
    finally:
        os.umask(old)
    assert written.read_bytes() == b"data"
    assert stat.S_IMODE(written.stat().st_mode) == 0o640


def test_a_replaced_file_keeps_its_mode_and_a_symlink_keeps_pointing(tmp_path: Path) -> None:
    target = tmp_path / "real.html"
    target.write_bytes(b"old")
    target.chmod(0o604)
    link = tmp_path / "link.html"
    link.symlink_to(target)
    assert write_output(link, b"new") == target
    assert link.is_symlink() and link.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "real.html"]


def test_special_files_are_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as refused:
        write_output(fifo, b"x")
    assert str(refused.value) == (f"cannot write {fifo}: it is a FIFO, not a regular file, "
                                  "and is never replaced")
    with pytest.raises(OutputError, match="it is a character device"):
        write_output("/dev/null", b"x")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and list(tmp_path.iterdir()) == [fifo]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.html"
    out.write_bytes(b"old")

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="No space left on device"):
        write_output(out, b"new")
    assert out.read_bytes() == b"old" and list(tmp_path.iterdir()) == [out]


def test_leftovers_of_a_dead_writer_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = tmp_path / f".page.html{TEMP_MARK}{dead}-abc123"
    leftover.write_bytes(b"half")
    mine = tmp_path / f".page.html{TEMP_MARK}{os.getpid()}-def456"
    mine.write_bytes(b"in progress")
    assert remove_leftovers(tmp_path) == [leftover]
    assert not leftover.exists() and mine.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["viz", "agencies", "-o", ""], "Error: the output path is empty"),
    (["export", "-o", ""], "Error: the output path is empty"),
    (["viz", "lineage", "-o", "{file}/page.html"],
     "Error: cannot write {file}/page.html: {file} is a file, not a folder"),
    (["export", "-o", "{file}/sub/graph.ttl"],
     "Error: cannot write {file}/sub/graph.ttl: {file} is a file, not a folder"),
])
def test_output_path_problems_are_one_sentence(corpus_store: str, tmp_path: Path,
                                               args: list[str], message: str) -> None:
    file = tmp_path / "a-file"
    file.write_text("x")
    args = [a.format(file=file) for a in args]
    result = CliRunner().invoke(cli, [*args, "--store", corpus_store])
    assert result.exit_code == 1
    assert result.stderr.strip() == message.format(file=file)


@pytest.mark.crash
def test_a_killed_viz_leaves_the_old_page_or_a_complete_one(corpus_store: str,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "agencies.html"
    command = [sys.executable, "-m", "policykg", "viz", "agencies", "-o", str(out),
               "--store", corpus_store]
    subprocess.run(command, check=True, capture_output=True)
    size = len(out.read_bytes())
    chooser = random.Random(17)
    for _ in range(12):
        process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        page = out.read_bytes()  # the old page or a new one, never a part of one
        assert page.rstrip().endswith(b"</html>") and abs(len(page) - size) < 100
    subprocess.run(command, check=True, capture_output=True)
    assert [p.name for p in tmp_path.iterdir()] == ["agencies.html"]
