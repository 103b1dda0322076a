"""`policykg build` and `policykg export` end to end on the corpus copied 1×, 16×, 64×, 256×, 1,024×.

Each copy gets distinct 文号s (those of the upstream registry stay, so every copy implements the
same policies), dates moved by n days and distinct long lines, so no copy is a duplicate of
another, and every 文号 and date still parses. Every build and export runs as its own process; the peak
resident memory of each (os.wait4) is printed separately, with wall and CPU time (user + system: on
a shared machine the CPU time is the cost, the wall time also waits for other work), MB of text per
CPU second, quads and the load average when the size finished.
Targets (issue 16): time linear and memory flat in the number of files; ≥ 1 MB/s end to end on
one core; export memory flat.

Beside each build, raw pyoxigraph: ``Store.bulk_load`` of the same quads (the export in N-Quads)
into a new store, in its own process: its CPU seconds, MB of text per CPU second (what writing
these quads to Oxigraph alone allows), and the build's CPU time over it.

    .venv/bin/python bench/build.py [--copies 1 16 64 256 1024] [--jobs 1] [--format nq]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.loaders.doc_number import find_doc_numbers, normalise  # noqa: E402
from policykg.loaders.records import DocNumber  # noqa: E402

CORPUS = ROOT / "data" / "corpus" / "chongqing"
POLICYKG = [sys.executable, "-c", "from policykg.cli import main; main()"]
# raw pyoxigraph, as bench/graph.py --bulk-compare runs it: the bulk loader, then a flush
RAW = [sys.executable, "-c", "import sys, pyoxigraph as ox; store = ox.Store(sys.argv[1]); "
       "store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS); store.flush()"]


_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")


def _copy_date(match: re.Match[str], n: int) -> str:
    """The date ``n`` days later (always a real date), as the text writes dates."""
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"])) + timedelta(days=n)
    except ValueError:
        return match.group()
    return f"{day.year}年{day.month}月{day.day}日"


def _copy_number(number: DocNumber, n: int) -> str:
    """Copy ``n``'s 文号: serial + 1000·(n mod 100), year − n div 100 (n ≤ 9,999; serials < 1000).

    >>> _copy_number(DocNumber("永川府办发", 2022, 14), 1023)
    '永川府办发〔2012〕23014号'
    """
    return DocNumber(number.daizi, number.year - n // 100, number.serial + 1000 * (n % 100)).text


def copy_text(text: str, n: int, upstream: set[str]) -> str:
    """Copy ``n`` of a document: its own 文号s and dates moved, long lines marked with n.

    The 文号s of the upstream registry stay, so every copy implements the same national and
    municipal policies (as a nationwide corpus does); every other 文号 becomes distinct per copy
    and still parses (years 19xx–20xx, serials of at most five digits); dates move n days.
    """
    out = []
    for line in text.split("\n"):
        for found in reversed(find_doc_numbers(line)):
            if normalise(found.number.text) not in upstream and found.number.serial < 1000:
                line = line[: found.start] + _copy_number(found.number, n) + line[found.end :]
        line = _DATE.sub(lambda m: _copy_date(m, n), line)
        out.append(line.replace("，", f"，第{n}批次，", 1) if len(line) > 40 else line)
    return "\n".join(out)


def copy_corpus(target: Path, copies: int) -> int:
    """Write ``copies`` distinct copies of the corpus into ``target``; their size in bytes."""
    from policykg.graph.reference import catalog_of_graph, reference_graph

    upstream = set(catalog_of_graph(reference_graph()).numbers)
    target.mkdir(parents=True)
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    total = 0
    for n in range(copies):
        for name, text in sources:
            data = copy_text(text, n, upstream).encode()
            (target / f"{n:05d}_{name}").write_bytes(data)
            total += len(data)
    return total


def run(command: list[str], stdout: int | None = subprocess.DEVNULL, must: bool = True,
        ) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak resident bytes of ``command``.

    A failed command ends the bench when it ``must`` succeed (the build); otherwise its error is
    printed and its figures are NaN, so that the size's line still shows the build's."""
    # stderr to a file, not a pipe read at the end: a build's warnings on 1,280 files filled
    # the 64 kB pipe and the build waited for ever (the 256x "did not finish")
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if status:
            errors.seek(0)
            message = f"failed: {' '.join(command[3:])}\n{errors.read().decode()[-2000:]}"
            if must:
                sys.exit(message)
            print(message, file=sys.stderr)
            return float("nan"), float("nan"), 0
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


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
    print(f"policykg build --jobs {args.jobs}, export --format {args.format}; "
          f"{os.cpu_count()} cores (shared: other work on the machine slows the figures)")
    header = (f"{'copies':>7} {'files':>6} {'text MB':>8} {'quads':>11} {'build s':>8} "
              f"{'CPU s':>7} {'MB/CPU s':>9} {'build MB':>9} {'export s':>9} {'CPU s':>7} "
              f"{'export MB':>10} {'rerun s':>8} {'raw CPU s':>10} {'raw MB/CPU s':>13} "
              f"{'ratio':>6}  load")
    print(header)
    for copies in args.copies:
        with tempfile.TemporaryDirectory(prefix="policykg-bench-build-") as tmp:
            folder, store = Path(tmp) / "in", Path(tmp) / "store"
            size = copy_corpus(folder, copies)
            build, build_cpu, build_peak = run([*POLICYKG, "build", str(folder), "--store",
                                                str(store), "--jobs", str(args.jobs)])
            with open(Path(tmp) / "out", "wb") as out:
                export, export_cpu, export_peak = run(
                    [*POLICYKG, "export", "--format", args.format, "--store", str(store)],
                    out.fileno(), must=False)
            rerun, _, _ = run([*POLICYKG, "build", str(folder), "--store", str(store)], must=False)
            dump = Path(tmp) / "out"
            if args.format != "nq":
                dump = Path(tmp) / "out.nq"
                with open(dump, "wb") as out:
                    run([*POLICYKG, "export", "--format", "nq", "--store", str(store)],
                        out.fileno(), must=False)
            _, raw_cpu, _ = run([*RAW, str(Path(tmp) / "raw"), str(dump)], must=False)
            load = os.getloadavg()[0]
            print(f"{copies:>7} {copies * 5:>6} {size / 1e6:>8.1f} {quads(store):>11,} "
                  f"{build:>8.1f} {build_cpu:>7.1f} {size / 1e6 / build_cpu:>9.2f} "
                  f"{build_peak / 2**20:>9.0f} {export:>9.1f} {export_cpu:>7.1f} "
                  f"{export_peak / 2**20:>10.0f} {rerun:>8.1f} {raw_cpu:>10.1f} "
                  f"{size / 1e6 / raw_cpu:>13.2f} {build_cpu / raw_cpu:>6.2f}  {load:.1f}",
                  flush=True)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
