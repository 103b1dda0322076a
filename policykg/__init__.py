"""policykg: trace Chinese government policy into tasks and the agencies that own them.

The public API, what the notebook and scripts import. Names are loaded on first use, so that
``import policykg`` (and the command line) stays quick:

>>> import policykg
>>> "extract_paths" in policykg.__all__ and callable(policykg.open_source)
True
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> module that defines it
_API = {
    "extract_paths": "policykg.loaders",
    "extract_text": "policykg.loaders",
    "to_json": "policykg.loaders.records",
    "write_store": "policykg.graph.store",
    "open_read_only": "policykg.graph.location",
    "export_store": "policykg.graph.export",
    "validate_store": "policykg.graph.validate",
    "open_source": "policykg.queries.source",
    "named_queries": "policykg.queries",
    "run_named": "policykg.queries",
    "sparql_frame": "policykg.queries.frames",
    "to_dataframe": "policykg.queries.frames",
    "tasks_report": "policykg.queries.reports",
    "agencies_report": "policykg.queries.reports",
    "documents_report": "policykg.queries.reports",
    "targets_report": "policykg.queries.reports",
    "unassigned_report": "policykg.queries.reports",
    "due_report": "policykg.queries.reports",
    "lineage_report": "policykg.queries.lineage",
    "compare_agencies_report": "policykg.queries.compare",
    "compare_targets_report": "policykg.queries.compare",
    "agencies_page": "policykg.viz.data",
    "lineage_page": "policykg.viz.data",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'policykg' has no attribute {name!r}")
    return getattr(importlib.import_module(_API[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
