"""Reports over a corpus full of duplicates: the same files in several folders and under several names.

The corpus (the five samples and the 24 development texts) is copied N times — odd copies into a
folder of their own under the original names, even copies into one shared folder under new names —
and built; then `documents`, `sparql --name outline` (every document), `lineage DOC` and
`viz lineage` each run as their own process, and their wall time and peak resident memory
(os.wait4) are printed with the ratios of CPU time and memory to the single copy (CPU time, as
the machine is shared: wall time there measures the neighbours). A file is a source once, whatever its
path (issue 17), so the rows stay the same and time and memory stay flat; with ``--near`` every
copy differs by trailing blank lines (other bytes, the same documents): the same documents then
come from N sources and the figures must grow no faster than N.

    .venv/bin/python bench/duplicates.py [--copies 1 12 30] [--near] [--doc 渝府发〔2021〕31号]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "data" / "corpus" / "chongqing", ROOT / "data" / "corpus" / "realworld"]
POLICYKG = [sys.executable, "-c", "from policykg.cli import main; main()"]


def corpus_files() -> list[Path]:
    """The texts copied: the five samples and the development set."""
    return sorted(p for folder in CORPORA for p in folder.glob("*.txt"))


def copy_corpus(target: Path, copies: int, near: bool) -> int:
    """Write ``copies`` copies of the corpus under ``target``; the number of files written."""
    written = 0
    for n in range(copies):
        for path in corpus_files():
            data = path.read_bytes() + (b"\n" * n if near else b"")
            if n % 2:
                destination = target / f"folder{n:03d}" / path.name
            else:
                destination = target / "renamed" / f"{n:03d}-{path.name}"
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
            written += 1
    return written


def run(command: list[str]) -> tuple[float, float, int, bytes]:
    """Wall and CPU seconds, peak resident bytes and stdout of ``command`` (its own process)."""
    start = time.perf_counter()
    # files, not pipes: a build warns once per file, and a full pipe nobody reads blocks it
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0)
        error = err.read().decode(errors="replace")
        # build exits 1 when a file is refused (some development texts are); a report must not
        if status and command[3] != "build":
            sys.exit(f"failed: {' '.join(command[3:])}\n{error[-2000:]}")
        out.seek(0)
        return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out.read()


def rows(output: bytes) -> int:
    """Rows of a JSON report."""
    return len(json.loads(output))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 12, 30])
    parser.add_argument("--near", action="store_true",
                        help="copies differ by trailing blank lines (not byte-identical)")
    parser.add_argument("--doc", default="渝府发〔2021〕31号", help="the document of `lineage`")
    args = parser.parse_args()
    print(f"{len(corpus_files())} texts per copy; {'near' if args.near else 'identical'} copies; "
          f"{os.cpu_count()} cores (shared: other work on the machine slows the figures)")
    print(f"{'copies':>6} {'files':>6} {'step':<12} {'rows':>6} {'wall s':>7} {'CPU s':>6} "
          f"{'MB':>5} {'CPU ratio':>9} {'MB ratio':>8}")
    first: dict[str, tuple[float, int]] = {}
    for copies in args.copies:
        with tempfile.TemporaryDirectory(prefix="policykg-bench-dup-") as tmp:
            folder, store = Path(tmp) / "in", Path(tmp) / "store"
            files = copy_corpus(folder, copies, args.near)
            at = ["--store", str(store)]
            steps = {
                "build": [*POLICYKG, "build", str(folder), *at],
                "documents": [*POLICYKG, "documents", *at, "--format", "json"],
                "outline": [*POLICYKG, "sparql", "--name", "outline", *at, "--format", "json"],
                "lineage": [*POLICYKG, "lineage", args.doc, *at, "--format", "json"],
                "viz lineage": [*POLICYKG, "viz", "lineage", "-o", str(Path(tmp) / "l.html"), *at],
            }
            for step, command in steps.items():
                seconds, cpu, peak, output = run(command)
                count = rows(output) if output.startswith(b"[") else ""
                base = first.setdefault(step, (cpu, peak))
                print(f"{copies:>6} {files:>6} {step:<12} {count!s:>6} {seconds:>7.1f} {cpu:>6.1f} "
                      f"{peak / 2**20:>5.0f} {cpu / base[0]:>9.2f} {peak / base[1]:>8.2f}",
                      flush=True)


if __name__ == "__main__":
    main()
