"""`policykg build` and `policykg export` end to end on the corpus copied 1×, 16×, 64×, 256×, 1,024×.

Each copy gets distinct 文号s and dates (2022 → 2100+n, 2023 → 3100+n) and distinct long lines,
so no copy is a duplicate of another. Every build and export runs as its own process; the peak
resident memory of each (os.wait4) is printed separately, with wall time, MB/s of text and quads.
Targets (issue 16): time linear and memory flat in the number of files; ≥ 1 MB/s end to end on
one core; export memory flat.

    .venv/bin/python bench/build.py [--copies 1 16 64 256 1024] [--jobs 1] [--format nq]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "chongqing"
POLICYKG = [sys.executable, "-c", "from policykg.cli import main; main()"]


def copy_corpus(target: Path, copies: int) -> int:
    """Write ``copies`` distinct copies of the corpus into ``target``; their size in bytes."""
    target.mkdir(parents=True)
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    total = 0
    for n in range(copies):
        for name, text in sources:
            text = text.replace("2022", str(2100 + n)).replace("2023", str(3100 + n))
            lines = [line.replace("，", f"，第{n}批次，", 1) if len(line) > 40 else line
                     for line in text.split("\n")]
            data = "\n".join(lines).encode()
            (target / f"{n:05d}_{name}").write_bytes(data)
            total += len(data)
    return total


def run(command: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, int]:
    """Wall seconds and peak resident bytes of ``command`` (its own process)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status:
        error = process.stderr.read().decode() if process.stderr else ""
        sys.exit(f"failed: {' '.join(command[3:])}\n{error[-2000:]}")
    return seconds, usage.ru_maxrss * 1024


def quads(store: Path) -> int:
    import pyoxigraph as ox

    from policykg.graph.store import live_dir

    return len(ox.Store.read_only(str(live_dir(store))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 16, 64, 256, 1024])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--format", default="nq", help="export format (default nq)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"policykg build --jobs {args.jobs}, export --format {args.format}; "
          f"{os.cpu_count()} cores (shared: other work on the machine slows the figures)")
    header = (f"{'copies':>7} {'files':>6} {'text MB':>8} {'quads':>11} {'build s':>8} "
              f"{'MB/s':>6} {'build MB':>9} {'export s':>9} {'export MB':>10} {'rerun s':>8}")
    print(header)
    for copies in args.copies:
        with tempfile.TemporaryDirectory(prefix="policykg-bench-build-") as tmp:
            folder, store = Path(tmp) / "in", Path(tmp) / "store"
            size = copy_corpus(folder, copies)
            build, build_peak = run([*POLICYKG, "build", str(folder), "--store", str(store),
                                     "--jobs", str(args.jobs)])
            with open(Path(tmp) / "out", "wb") as out:
                export, export_peak = run(
                    [*POLICYKG, "export", "--format", args.format, "--store", str(store)], out.fileno()
                )
            rerun, _ = run([*POLICYKG, "build", str(folder), "--store", str(store)])
            print(f"{copies:>7} {copies * 5:>6} {size / 1e6:>8.1f} {quads(store):>11,} "
                  f"{build:>8.1f} {size / 1e6 / build:>6.2f} {build_peak / 2**20:>9.0f} "
                  f"{export:>9.1f} {export_peak / 2**20:>10.0f} {rerun:>8.1f}", flush=True)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
