"""Target finding stays linear: random text over the characters its patterns look for, and long
runs of one unit (达到, 1、, 分别 …), timed at 1k, 10k and 100k characters.

Prints the worst and mean time per size and the 100k/10k ratio (≈10 when linear).
"""

from __future__ import annotations

import random
import time

from policykg.loaders.targets import find_targets

ALPHABET = list("达到分别、，。以上下左右1234567890.%吨个家比2020年下降提高至控制在力争化肥农药利用率覆盖新增建成")
UNITS = ("达到", "1、", "分别", "1.1%", "、达到1", "新增1个、", "比2020年分别下降1%、")


def timed(text: str) -> float:
    """Seconds to find the targets of ``text``."""
    started = time.perf_counter()
    find_targets(text)
    return time.perf_counter() - started


def main() -> None:
    """Print the figures."""
    rng = random.Random(1)
    means = {}
    for size in (1_000, 10_000, 100_000):
        runs = [timed("".join(rng.choice(ALPHABET) for _ in range(size))) for _ in range(20)]
        means[size] = sum(runs) / len(runs)
        print(f"random {size:>7} chars: worst {max(runs) * 1000:8.1f} ms, mean {means[size] * 1000:8.1f} ms")
    print(f"random 100k/10k mean ratio: {means[100_000] / means[10_000]:.1f} (10 = linear)")
    for unit in UNITS:
        small, big = (timed(unit * (n // len(unit))) for n in (10_000, 100_000))
        print(f"{unit!r:>24} run: 10k {small * 1000:6.1f} ms, 100k {big * 1000:6.1f} ms, ratio {big / small:.1f}")


if __name__ == "__main__":
    main()
