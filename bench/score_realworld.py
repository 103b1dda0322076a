"""Score the loaders on the real-world development set against the hand-written gold.

Runs ``policykg.loaders.extract_paths`` on data/corpus/realworld/ and counts every extracted
(task, agency, role) triple against tests/data/realworld/*.expected.json: precision, recall and F1
per file and overall (micro), the same ignoring the role (agency only), and the refused files. The
alignment and name-matching rules are in tests/support/realworld.py (shared with the tests).
Target (issue 12): overall F1 ≥ 0.95.

    .venv/bin/python bench/score_realworld.py [--misses] [--json]
    .venv/bin/python bench/score_realworld.py --corpus data/corpus/heldout --gold tests/data/heldout
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.realworld import (  # noqa: E402
    CORPUS_DIR,
    GOLD_DIR,
    Count,
    FileScore,
    score_corpus,
)


def _ratios(count: Count) -> dict[str, float | int]:
    return {
        "tp": count.tp,
        "fp": count.fp,
        "fn": count.fn,
        "precision": round(count.precision, 4),
        "recall": round(count.recall, 4),
        "f1": round(count.f1, 4),
    }


def as_json(scores: list[FileScore], triples: Count, agencies: Count) -> dict:
    """The scores as one JSON-able dict."""
    return {
        "overall": {
            "triples": _ratios(triples),
            "agencies": _ratios(agencies),
            "files": len(scores),
            "refused": sum(s.refused for s in scores),
        },
        "files": {
            s.name: {
                "triples": _ratios(s.triples),
                "agencies": _ratios(s.agencies),
                "refused": s.refused,
                "errors": list(s.errors),
                "misses": s.misses,
                "extras": s.extras,
            }
            for s in scores
        },
    }


def print_table(scores: list[FileScore], triples: Count, agencies: Count, misses: bool) -> None:
    """A fixed-width table, one row per file, then the overall lines."""
    width = max(len(s.name) for s in scores)
    print(f"{'file':<{width}}  gold  got   tp    P      R      F1   agencyF1  refused")
    for s in scores:
        t = s.triples
        print(
            f"{s.name:<{width}}  {t.tp + t.fn:>4}  {t.tp + t.fp:>4}  {t.tp:>3}  "
            f"{t.precision:5.3f}  {t.recall:5.3f}  {t.f1:5.3f}  {s.agencies.f1:6.3f}    "
            f"{'yes' if s.refused else ''}"
        )
        if misses:
            for line in s.errors:
                print(f"    error: {line}")
            for line in s.misses:
                print(f"    missed: {line}")
            for line in s.extras:
                print(f"    extra:  {line}")
    refused = sum(s.refused for s in scores)
    print(
        f"overall (micro) triples: P {triples.precision:.3f}  R {triples.recall:.3f}  "
        f"F1 {triples.f1:.3f}  (tp {triples.tp}, fp {triples.fp}, fn {triples.fn})"
    )
    print(
        f"overall (micro) agency only: P {agencies.precision:.3f}  R {agencies.recall:.3f}  "
        f"F1 {agencies.f1:.3f}"
    )
    print(f"refused files: {refused} of {len(scores)}")
    print(f"target F1 0.95: {'met' if triples.f1 >= 0.95 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--misses", action="store_true", help="list each file's misses and extras")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="folder of the texts")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="folder of *.expected.json")
    args = parser.parse_args()
    start = time.perf_counter()
    scores, triples, agencies = score_corpus(gold_dir=args.gold, corpus_dir=args.corpus)
    if args.json:
        print(json.dumps(as_json(scores, triples, agencies), ensure_ascii=False, indent=1))
    else:
        print_table(scores, triples, agencies, args.misses)
        print(f"time: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
