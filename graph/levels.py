"""The level of government that issued a document (pol:LevelScheme), from its issuing place.

The loaders find the place from what the text says (the issuer, a web page's issuer field, the
title, the 文号's 代字: 鄂政办发, 菏政办字, 京兴政办发); the national table of divisions gives that
place's rank. A province-level municipality (重庆市) is 市级, as a prefecture-level city is: both
are the city whose districts and counties sit right under it.
"""

from __future__ import annotations

from policykg.loaders.places import MUNICIPALITIES, place_of

_BY_RANK = {"province": "provincial", "prefecture": "municipal", "county": "district"}


def document_level(district: str) -> str:
    """The level (a skos:notation of pol:LevelScheme) of a document issued in ``district``.

    >>> [document_level(p) for p in ("内蒙古自治区", "武汉市", "重庆市", "蔡甸区", "调兵山市")]
    ['provincial', 'municipal', 'municipal', 'district', 'district']
    """
    place = place_of(district)
    if place is None:  # a place the table does not know: local, as before levels were read
        return "district"
    return "municipal" if place.name in MUNICIPALITIES else _BY_RANK[place.level]
