"""Finding agencies by the name an analyst types: short form, full form or alias, any district.

Names are compared by their core, the name less the places it starts with (province, city,
district: any in China) or a level word standing for the agency's own place (省/市/区/县), so
区生态环境局, 生态环境局, 永川区生态环境局 and 重庆市永川区生态环境局 all reach 永川区's agency
(and, without a district, 綦江区's too), and 市教育局 reaches 武汉市教育局. A place named inside
the typed name restricts the match to that place's agencies.

>>> rows = [{"agency": "a", "district": "永川区", "agency_name": "重庆市永川区生态环境局",
...          "short_name": "区生态环境局", "aliases": None},
...         {"agency": "b", "district": "綦江区", "agency_name": "重庆市綦江区生态环境局",
...          "short_name": "区生态环境局", "aliases": None}]
>>> [r["agency"] for r in match_agencies(rows, "区生态环境局")]
['a', 'b']
>>> [r["agency"] for r in match_agencies(rows, "永川区生态环境局")]
['a']
>>> wuhan = [{"agency": "w", "district": "武汉市", "agency_name": "武汉市教育局",
...           "short_name": "教育局", "aliases": None}]
>>> [r["agency"] for r in match_agencies(wuhan, "市教育局", "武汉市")]
['w']
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pyoxigraph as ox

from policykg.loaders.agencies import name_core
from policykg.queries.source import QuerySource

Row = dict[str, object]

_PREFIX = "PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
_NAMED = _PREFIX + "SELECT DISTINCT ?agency WHERE { ?agency pol:nameKey ?key }"
_PLACES = (_PREFIX + "SELECT DISTINCT ?district WHERE { ?place a pol:District ; "
           "pol:districtName ?district }")


def forms(row: Row) -> set[str]:
    """Every name of an agency row of the ``agencies`` query: full, short, aliases, IRI key."""
    names = {row.get("agency_name"), row.get("short_name")}
    names.update(str(row.get("aliases") or "").split("、"))
    names.add(str(row.get("agency", "")).rsplit("/", 1)[-1])
    return {str(n).strip() for n in names if n and str(n).strip()}


def match_agencies(rows: Sequence[Row], name: str, district: str | None = None) -> list[Row]:
    """Agency rows whose names match ``name`` exactly, else by core; limited to ``district``."""
    rows = [r for r in rows if not district or r.get("district") == district]
    wanted = "".join(name.split())
    exact = [r for r in rows if wanted in forms(r)]
    if exact:
        return exact
    matched = []
    for row in rows:
        place = str(row.get("district") or "") or None
        wanted_core, named = name_core(wanted, place)
        if named == place and wanted_core in {name_core(f, place)[0] for f in forms(row)}:
            matched.append(row)
    return matched


def agencies_named(source: QuerySource, name: str, district: str | None = None) -> list[Row]:
    """The rows of the ``agencies`` listing ``match_agencies`` can match ``name`` with: those of
    the agencies with a pol:nameKey (graph/derived) that is the name or the key it resolves to in
    some district; none in a store built before name keys (read the whole listing then).

    A whole listing is ~7,000 agencies at ~5M triples (600 ms); these are a few.
    """
    from policykg.queries import bind_params, get_query

    wanted = "".join(name.split())
    places = [district] if district else [str(r["district"]) for r in source.select(_PLACES)]
    keys = {wanted} | {name_core(wanted, place)[0] for place in places}
    found = source.select(_NAMED, {"key": [ox.Literal(key) for key in sorted(keys)]})
    if not found:
        return []
    query = get_query("agencies")
    return source.select(query.text, {**bind_params(query, {"district": district}),
                                      "agency": [ox.NamedNode(str(r["agency"])) for r in found]})


def closest_names(rows: Sequence[Row], name: str, n: int = 5) -> list[str]:
    """The agency names closest to ``name``, with districts: 重庆市永川区生态环境局（永川区）."""
    labels: dict[str, str] = {}
    for row in rows:
        for form in forms(row) - {str(row.get("agency", "")).rsplit("/", 1)[-1]}:
            labels.setdefault(form, f"{row.get('agency_name')}（{row.get('district')}）")
    close = difflib.get_close_matches(name, list(labels), n=n * 3, cutoff=0.4)
    return list(dict.fromkeys(labels[c] for c in close))[:n]
