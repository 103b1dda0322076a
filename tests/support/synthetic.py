"""Synthetic task–agency links in the shape of the real corpus, for the scale test and bench."""

from __future__ import annotations

import random

from policykg.queries.views import Row
from policykg.viz.agencies import AGENCY_TYPES

BASE = "https://w3id.org/policykg/"
TEXT = "推进绿色低碳循环发展，加强重点行业节能改造和污染治理，完善制度保障措施，确保各项任务落实到位"


def synthetic_links(agencies: int = 2000, tasks: int = 50_000, districts: int = 40,
                    tasks_per_doc: int = 100, seed: int = 7) -> list[Row]:
    """Links of `tasks` tasks to `agencies` agencies spread over districts, busy agencies busier.

    Each task has one lead and 0–4 co-responsible agencies of its document's district, drawn with
    Zipf-like weights (a few agencies, like 发展改革委, carry many tasks).

    >>> rows = synthetic_links(agencies=20, tasks=10, districts=2, tasks_per_doc=5)
    >>> len({r["task"] for r in rows}), len({r["agency"] for r in rows}) <= 20
    (10, True)
    """
    rng = random.Random(seed)
    types = [k for k in AGENCY_TYPES if k]
    per_district = agencies // districts
    pool = {
        d: [(f"{BASE}agency/区{d}/单位{a}", f"区单位{d}-{a}", rng.choice(types))
            for a in range(per_district)]
        for d in range(districts)
    }
    weights = [1 / (rank + 1) for rank in range(per_district)]
    rows: list[Row] = []
    for t in range(tasks):
        doc = t // tasks_per_doc
        district = doc % districts
        doc_iri = f"{BASE}doc/区{district}府发-2023-{doc}"
        chosen = dict.fromkeys(rng.choices(pool[district], weights, k=1 + rng.randint(0, 4)))
        for position, (iri, name, kind) in enumerate(chosen):
            rows.append({
                "task": f"{doc_iri}/task/{t % tasks_per_doc + 1}", "doc": doc_iri,
                "doc_number": f"区{district}府发〔2023〕{doc}号",
                "task_number": str(t % tasks_per_doc + 1), "task_order": t % tasks_per_doc + 1,
                "text": TEXT[: 20 + t % 26], "agency": iri, "agency_name": name,
                "district": f"区{district}", "agency_type": kind,
                "role": "lead" if position == 0 else "co",
            })
    return rows
