"""Filter values with a closed set of choices: a value outside it is an error naming the choices.

Without this check an unknown district or role simply matches nothing, and a report of
"0 agencies" reads as an answer rather than as a typo.
"""

from __future__ import annotations

from collections.abc import Sequence

from policykg.loaders.records import ROLES
from policykg.queries import QueryError, run_named
from policykg.queries.source import QuerySource

__all__ = ["ROLES", "check_districts", "check_role", "district_names"]


def district_names(source: QuerySource) -> list[str]:
    """The districts with loaded documents, in the graph's order."""
    return [str(r["district"]) for r in run_named(source, "districts")]


def check_districts(source: QuerySource, wanted: Sequence[str | None]) -> list[str]:
    """``wanted`` (None values dropped) once each, or a LookupError naming the known districts."""
    chosen = [d for d in dict.fromkeys(wanted) if d is not None]
    if not chosen:
        return []
    known = district_names(source)
    unknown = [d for d in chosen if d not in known]
    if unknown:
        raise LookupError(f"no documents of {'、'.join(unknown)} in the graph "
                          f"(districts: {'、'.join(known) or 'none'})")
    return chosen


def check_role(role: str | None) -> None:
    """A QueryError naming the roles when ``role`` is not one of them.

    >>> check_role("lead")
    >>> try:
    ...     check_role("leader")
    ... except QueryError as error:
    ...     print(error)
    unknown role 'leader' (roles: lead, co, joint, co_handler)
    """
    if role is not None and role not in ROLES:
        raise QueryError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
