"""Fuzz the loaders: generated hostile files through ``extract_paths`` and the in-memory path.

Every case is drawn by tests/support/fuzzing.py from ``random.Random(seed, case)`` (so case N is
reproducible with ``--case N``) and run in a worker process with a time limit. A case ends as
``ok`` (records), ``error`` (the project's own error line for the file), ``crash`` (an exception
escaped: the sign of a bug; its innermost frame in loaders/ is the crash site) or ``hang`` (over
the CPU-time limit; the worker's stack is dumped by faulthandler before it is killed, giving the site).
Prints the cases per family, the crash and hang sites, the inputs slower than 5 s per MB and the
slowest input, in CPU seconds of the worker (the machine is shared; the time limit is wall-clock).
``--save DIR`` keeps the crashing and hanging inputs for regression tests.

    .venv/bin/python bench/fuzz.py [--cases 10000] [--start 0] [--seed 1] [--timeout 10] [--save DIR]
"""

from __future__ import annotations

import argparse
import faulthandler
import multiprocessing
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.fuzzing import generate  # noqa: E402

SECONDS_PER_MB = 5.0  # issue 17: no input over 5 s per MB
WALL_FACTOR = 20  # a case waiting this many times its CPU limit in wall time is stuck, not busy
FLOOR = 0.5  # below this a case is never counted slow (process and jieba warm-up noise)
_PROJECT_FRAME = re.compile(r'File "[^"]*/((?:loaders|graph|policykg)/[^"]+)", line (\d+)')
_ANY_FRAME = re.compile(r'File "[^"]*/([^/"]+/[^/"]+)", line (\d+)')


def case_rng(seed: int, case: int) -> random.Random:
    """The generator of one case (reproducible from seed and number)."""
    return random.Random(seed * 1_000_003 + case)


def _site(tb: traceback.TracebackException) -> str:
    """The innermost project frame of an exception, and the innermost frame if it is elsewhere."""
    frames = list(tb.stack)
    ours = [f for f in frames if re.search(r"/(loaders|graph|policykg)/", f.filename)]
    site = f"{_short(ours[-1].filename)}:{ours[-1].lineno} in {ours[-1].name}" if ours else "?"
    last = frames[-1] if frames else None
    if last is not None and (not ours or last is not ours[-1]):
        site += f" (innermost {Path(last.filename).name}:{last.lineno})"
    return site


def _short(filename: str) -> str:
    parts = Path(filename).parts
    for i, part in enumerate(parts):
        if part in ("loaders", "graph", "policykg"):
            return "/".join(parts[i:])
    return Path(filename).name


def in_memory_text(data: bytes, decode, error: type[Exception]) -> str | None:
    """The text a caller of ``extract_text`` could hold: decoded, or with lone surrogates kept."""
    try:
        return decode(data)[0]
    except error:
        pass
    for encoding in ("utf-8", "utf-16"):
        try:
            return data.decode(encoding, errors="surrogatepass")
        except UnicodeDecodeError:
            pass
    return None


def run_case(data: bytes, workdir: Path) -> tuple[str, str]:
    """Extract one generated file from disk and, when it decodes, from memory: (status, detail)."""
    from policykg.loaders import extract_paths, extract_text
    from policykg.loaders.pipeline import INTERNAL
    from policykg.loaders.readers import ReadError
    from policykg.loaders.readers.text import decode

    path = workdir / "case.txt"
    path.write_bytes(data)
    try:
        errors = [e for x in extract_paths([path]) for e in x.errors]
        text = in_memory_text(data, decode, ReadError)
        if text is not None:
            errors += list(extract_text(text).errors)
    except Exception as exc:  # the point of the fuzzer: anything escaping is a finding
        tb = traceback.TracebackException.from_exception(exc)
        return "crash", f"{type(exc).__name__} at {_site(tb)}: {str(exc)[:80]}"
    bugs = [e for e in errors if INTERNAL in e]  # an exception the pipeline caught is still a bug
    if bugs:
        return "crash", bugs[0].split(INTERNAL, 1)[1].strip(" ()")[:120]
    return ("error", errors[0][-120:]) if errors else ("ok", "")


def _serve(conn: Connection, dump: str) -> None:
    """Worker loop: receive a case's bytes, answer (status, detail, CPU seconds)."""
    with open(dump, "w") as out:
        faulthandler.register(signal.SIGUSR1, file=out, all_threads=False)
        with tempfile.TemporaryDirectory() as tmp:
            # every lazy dictionary loaded before timing: the samples alone left jieba's
            # part-of-speech tables (0.5 s) to the first case that needed them
            for sample in sorted((ROOT / "data" / "corpus").glob("*/*.txt")):
                run_case(sample.read_bytes(), Path(tmp))
            conn.send("ready")
            while True:
                data = conn.recv()
                start = time.process_time()
                status, detail = run_case(data, Path(tmp))
                conn.send((status, detail, time.process_time() - start))


class Worker:
    """One worker process, restarted after a hang."""

    def __init__(self, dump: Path) -> None:
        self.dump = dump
        self.start()

    def start(self) -> None:
        """Fork a fresh worker and wait until it is warm."""
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, str(self.dump)), daemon=True)
        self.process.start()
        self.conn.recv()

    def cpu_seconds(self) -> float:
        """CPU time the worker has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def run(self, data: bytes, timeout: float) -> tuple[str, str, float]:
        """Run one case; over ``timeout`` CPU seconds dump the worker's stack, kill it, start another.

        The limit is CPU time, not wall time: on a shared machine a case can wait for a core far
        longer than it computes. A wall-clock cap (WALL_FACTOR × the limit) catches a blocked worker.
        """
        cpu_start, wall_start = self.cpu_seconds(), time.perf_counter()
        self.conn.send(data)
        while not self.conn.poll(0.2):
            used = self.cpu_seconds() - cpu_start
            if used > timeout or time.perf_counter() - wall_start > WALL_FACTOR * timeout:
                return self.kill(timeout)
        return self.conn.recv()

    def kill(self, timeout: float) -> tuple[str, str, float]:
        """Dump the stuck worker's stack, kill it, start a fresh one; the hang's site."""
        os.kill(self.process.pid, signal.SIGUSR1)
        time.sleep(0.3)
        self.process.kill()
        self.process.join()
        stack = self.dump.read_text(errors="replace")
        found = _PROJECT_FRAME.findall(stack) or _ANY_FRAME.findall(stack)
        site = f"{found[0][0]}:{found[0][1]}" if found else "?"
        self.start()
        return "hang", site, timeout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="CPU seconds before a case hangs"
    )
    parser.add_argument("--start", type=int, default=0, help="first case number (to split a run)")
    parser.add_argument("--case", type=int, help="run this one case and print its outcome")
    parser.add_argument("--save", type=Path, help="folder to keep crashing and hanging inputs in")
    args = parser.parse_args()
    # SIGINT or SIGTERM stops the run early and still prints the summary (a background job
    # started by a shell ignores SIGINT unless the handler is set again)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    numbers = [args.case] if args.case is not None else range(args.start, args.start + args.cases)
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    sites: dict[tuple[str, str], list[int]] = defaultdict(list)
    slow: list[tuple[float, int, str, int]] = []
    slowest = (0.0, -1, "", 0)
    total_bytes = ran = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        worker = Worker(Path(tmp) / "stack.txt")
        try:
            for n in numbers:
                ran = n + 1
                family, data = generate(case_rng(args.seed, n))
                total_bytes += len(data)
                status, detail, seconds = worker.run(data, args.timeout)
                outcomes[family][status] += 1
                if status in ("crash", "hang"):
                    key = detail.split(": ")[0] if status == "crash" else detail
                    sites[(status, key)].append(n)
                    if args.save:
                        args.save.mkdir(parents=True, exist_ok=True)
                        (args.save / f"{status}-{n}-{family}.bin").write_bytes(data)
                mb = len(data) / 1e6
                if seconds > FLOOR and seconds > SECONDS_PER_MB * mb:
                    slow.append((seconds, n, family, len(data)))
                slowest = max(slowest, (seconds, n, family, len(data)))
                if (n + 1) % 1000 == 0:
                    print(f"{n + 1} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr)
                if args.case is not None:
                    print(
                        f"case {n} ({family}, {len(data)} bytes): {status} {detail} {seconds:.2f} s"
                    )
        except KeyboardInterrupt:
            print(
                f"stopped during case {ran - 1}; the summary counts the cases finished",
                file=sys.stderr,
            )
        worker.process.kill()
    wall = time.perf_counter() - started
    statuses = ("ok", "error", "crash", "hang")
    print(f"{'family':<18}" + "".join(f"{s:>8}" for s in ("cases", *statuses)))
    for family, counts in sorted(outcomes.items()):
        print(
            f"{family:<18}{sum(counts.values()):>8}" + "".join(f"{counts[s]:>8}" for s in statuses)
        )
    all_counts = sum(outcomes.values(), Counter())
    print(
        f"{'all':<18}{sum(all_counts.values()):>8}"
        + "".join(f"{all_counts[s]:>8}" for s in statuses)
    )
    print(
        f"\ninput {total_bytes / 1e6:.1f} MB in {wall:.0f} s (seed {args.seed}, time limit {args.timeout:g} s)"
    )
    print("\ncrash and hang sites (count, first cases):")
    for (status, site), cases in sorted(sites.items(), key=lambda kv: -len(kv[1])):
        print(f"  {status:<6}{len(cases):>6}  {site}  cases {cases[:5]}")
    if not sites:
        print("  none")
    print(f"\nslower than {SECONDS_PER_MB:g} s/MB (and over {FLOOR:g} s): {len(slow)}")
    for seconds, n, family, size in sorted(slow, reverse=True)[:10]:
        print(
            f"  case {n:>6}  {family:<18}{size:>9} bytes  {seconds:6.2f} s  {seconds / (size / 1e6 or 1e-9):8.1f} s/MB"
        )
    seconds, n, family, size = slowest
    print(f"slowest input: case {n} ({family}, {size} bytes) {seconds:.2f} s")


if __name__ == "__main__":
    main()
