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

from policykg.loaders.agencies import resolve

Row = dict[str, object]


def forms(row: Row) -> set[str]:
    """Every name of an agency row of the ``agencies`` query: full, short, aliases, IRI key."""
    names = {row.get("agency_name"), row.get("short_name")}
    names.update(str(row.get("aliases") or "").split("、"))
    names.add(str(row.get("agency", "")).rsplit("/", 1)[-1])
    return {str(n).strip() for n in names if n and str(n).strip()}


def core(name: str, district: str | None) -> tuple[str, str | None]:
    """The name less its places and level word, read in ``district``; and the place it is in.

    >>> core("重庆市永川区生态环境局", "永川区"), core("区生态环境局", "永川区")
    (('生态环境局', '永川区'), ('生态环境局', '永川区'))
    """
    resolved = resolve("".join(name.split()), district or None)
    return resolved.key, resolved.district


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
        wanted_core, named = core(wanted, place)
        if named == place and wanted_core in {core(f, place)[0] for f in forms(row)}:
            matched.append(row)
    return matched


def closest_names(rows: Sequence[Row], name: str, n: int = 5) -> list[str]:
    """The agency names closest to ``name``, with districts: 重庆市永川区生态环境局（永川区）."""
    labels: dict[str, str] = {}
    for row in rows:
        for form in forms(row) - {str(row.get("agency", "")).rsplit("/", 1)[-1]}:
            labels.setdefault(form, f"{row.get('agency_name')}（{row.get('district')}）")
    close = difflib.get_close_matches(name, list(labels), n=n * 3, cutoff=0.4)
    return list(dict.fromkeys(labels[c] for c in close))[:n]
