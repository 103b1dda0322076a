"""Query results as pandas DataFrames, for notebooks and scripts.

pandas is an optional dependency (``pip install 'policykg[notebook]'``); it is imported only when a
DataFrame is asked for.

>>> from policykg.queries.output import Report
>>> to_dataframe(Report([{"district": "永川区", "tasks": 139}])).to_dict("records")
[{'district': '永川区', 'tasks': 139}]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from policykg.queries import named_queries, run_named
from policykg.queries.output import Report, Row
from policykg.queries.source import QuerySource

if TYPE_CHECKING:
    import pandas


def _pandas():  # returns the pandas module
    try:
        import pandas
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install 'policykg[notebook]'") from None
    return pandas


def to_dataframe(result: Report | Sequence[Row], columns: Sequence[str] = ()) -> pandas.DataFrame:
    """A DataFrame of a report's rows (every column, in order) or of query rows.

    ``columns`` fixes the columns (useful when there are no rows); by default a report's declared
    columns, else the keys of the first row.
    """
    pandas = _pandas()
    if isinstance(result, Report):
        columns = columns or result.all_columns()
        rows = result.rows
    else:
        rows = list(result)
        columns = columns or (list(rows[0]) if rows else [])
    return pandas.DataFrame([[row.get(c) for c in columns] for row in rows],
                            columns=list(columns))


def sparql_frame(source: QuerySource, query: str, **params: object) -> pandas.DataFrame:
    """Rows of a named query (``query`` is its name) or of an ad-hoc SELECT, as a DataFrame.

    Parameters are bound, never pasted into the text: typed as the named query declares them, or,
    for an ad-hoc query, as plain literals (``<…>`` for an IRI).
    """
    if query in named_queries():
        columns = [c.name for c in named_queries()[query].columns]
        return to_dataframe(run_named(source, query, **params), columns)
    from policykg.queries.reports import ad_hoc_bindings

    bindings = ad_hoc_bindings({k: str(v) for k, v in params.items() if v is not None})
    return to_dataframe(source.select(query, bindings))
