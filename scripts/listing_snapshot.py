"""Write every named query's rows and every listing report's csv on a store into one folder.

    .venv/bin/python scripts/listing_snapshot.py STORE OUT_DIR
    diff -r BEFORE_DIR AFTER_DIR        # a rewrite of the queries must leave it empty

A check for query rewrites (issue 16: paging must not change what a listing says): run it on the
corpus store before and after, and diff the folders. Each named query runs with the required
parameters of tests/support/fixture.py (documents that exist in the corpus), whole and as two
pages (--limit 7, --offset 7) that must equal the whole listing's first rows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.queries import named_queries, run_named  # noqa: E402
from policykg.queries.source import open_source  # noqa: E402
from tests.support.fixture import REQUIRED_PARAMS  # noqa: E402

# the listing reports as a user runs them (csv: every column, every row)
REPORTS = {
    "documents": ["documents"],
    "targets": ["targets"],
    "unassigned": ["unassigned"],
    "due": ["due", "--as-of", "2024-06-30"],
    "tasks": ["tasks", "--agency", "区生态环境局"],
    "tasks-due": ["tasks", "--agency", "区生态环境局", "--due-before", "2030-01-01"],
    "agencies": ["agencies"],
    "clauses": ["clauses", "--status", "all", "--tasks"],
    "coverage": ["coverage", "国发〔2021〕4号"],
}
PAGE = 7


def main() -> None:
    store, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    source = open_source(store)
    for name in named_queries():
        params = REQUIRED_PARAMS.get(name, {})
        rows = run_named(source, name, **params)
        pages = [run_named(source, name, limit=PAGE, offset=o, **params) for o in (0, PAGE)]
        paged_ok = pages[0] + pages[1] == rows[:2 * PAGE]
        text = json.dumps({"rows": rows, "pages_match": paged_ok}, ensure_ascii=False, indent=1,
                          default=str)
        (out / f"query-{name}.json").write_text(text, encoding="utf-8")
    policykg = [sys.executable, "-c", "from policykg.cli import main; main()"]
    for label, args in REPORTS.items():
        for suffix, page in (("", []), ("-page", ["--limit", str(PAGE), "--offset", "3"])):
            if page and label in ("coverage",):
                continue
            result = subprocess.run([*policykg, *args, *page, "--format", "csv", "--store",
                                     str(store)], capture_output=True, text=True)
            (out / f"report-{label}{suffix}.csv").write_text(
                result.stdout + f"\n# exit {result.returncode}\n# stderr\n{result.stderr}",
                encoding="utf-8")
    print(f"wrote {len(list(out.iterdir()))} files to {out}")


if __name__ == "__main__":
    main()
