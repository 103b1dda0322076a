"""Finding agencies by the name an analyst types: short form, full form or alias, any district.

Names are compared by their core, the name less 重庆市, a district name and a leading 区/县,
so 区生态环境局, 生态环境局, 永川区生态环境局 and 重庆市永川区生态环境局 all reach 永川区's
agency (and, without a district, 綦江区's too). A district named inside the typed name
restricts the match.

>>> rows = [{"agency": "a", "district": "永川区", "agency_name": "重庆市永川区生态环境局",
...          "short_name": "区生态环境局", "aliases": None},
...         {"agency": "b", "district": "綦江区", "agency_name": "重庆市綦江区生态环境局",
...          "short_name": "区生态环境局", "aliases": None}]
>>> [r["agency"] for r in match_agencies(rows, "区生态环境局")]
['a', 'b']
>>> [r["agency"] for r in match_agencies(rows, "永川区生态环境局")]
['a']
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

Row = dict[str, object]
CITY = "重庆市"


def forms(row: Row) -> set[str]:
    """Every name of an agency row of the ``agencies`` query: full, short, aliases, IRI key."""
    names = {row.get("agency_name"), row.get("short_name")}
    names.update(str(row.get("aliases") or "").split("、"))
    names.add(str(row.get("agency", "")).rsplit("/", 1)[-1])
    return {str(n).strip() for n in names if n and str(n).strip()}


def core(name: str, districts: Iterable[str]) -> tuple[str, str | None]:
    """The name without city, district and 区/县 prefixes, and the district it named if any."""
    name = "".join(name.split())
    name = name.removeprefix(CITY)
    named = None
    for district in sorted(districts, key=len, reverse=True):
        if district and name.startswith(district) and len(name) > len(district):
            name, named = name[len(district):], district
            break
    if name[:1] in ("区", "县") and len(name) > 2:
        name = name[1:]
    return name, named


def match_agencies(rows: Sequence[Row], name: str, district: str | None = None) -> list[Row]:
    """Agency rows whose names match ``name`` exactly, else by core; limited to ``district``."""
    rows = [r for r in rows if not district or r.get("district") == district]
    wanted = "".join(name.split())
    exact = [r for r in rows if wanted in forms(r)]
    if exact:
        return exact
    districts = {str(r.get("district") or "") for r in rows}
    wanted_core, named = core(wanted, districts)
    return [
        r for r in rows
        if (named is None or r.get("district") == named)
        and wanted_core in {core(f, districts)[0] for f in forms(r)}
    ]


def closest_names(rows: Sequence[Row], name: str, n: int = 5) -> list[str]:
    """The agency names closest to ``name``, with districts: 重庆市永川区生态环境局（永川区）."""
    labels: dict[str, str] = {}
    for row in rows:
        for form in forms(row) - {str(row.get("agency", "")).rsplit("/", 1)[-1]}:
            labels.setdefault(form, f"{row.get('agency_name')}（{row.get('district')}）")
    close = difflib.get_close_matches(name, list(labels), n=n * 3, cutoff=0.4)
    return list(dict.fromkeys(labels[c] for c in close))[:n]
