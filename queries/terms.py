"""RDF terms in and out of queries: typed parameter values to pyoxigraph terms, results to Python.

>>> to_term("永川区", "zh")
<Literal value=永川区 language=zh>
>>> to_python(to_term("42", "integer"))
42
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
        "unsignedByte",
    )
}
FLOAT_TYPES = {XSD + "double", XSD + "float"}
DECIMAL = XSD + "decimal"
BOOLEAN = XSD + "boolean"

Term = ox.NamedNode | ox.Literal


def to_term(value: object, ptype: str) -> Term:
    """The RDF term for a parameter value of declared type ``ptype``; ValueError when invalid."""
    from policykg.queries import QueryError

    text = str(value)
    if ptype == "iri":
        try:
            return ox.NamedNode(text)
        except ValueError as error:
            raise QueryError(f"{text!r} is not a valid IRI ({error})") from None
    if ptype == "zh":
        return ox.Literal(text, language="zh")
    if ptype == "integer":
        if isinstance(value, bool) or not _is_integer(text):
            raise QueryError(f"{text!r} is not an integer")
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
    if ptype == "decimal":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise QueryError(f"{text!r} is not a number") from None
        return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "decimal"))
    if ptype == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise QueryError(f"{text!r} is not a date (yyyy-mm-dd)") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(text)


def _is_integer(text: str) -> bool:
    return text.strip().lstrip("+-").isdigit()


def to_python(term: object) -> object:
    """A plain Python value for a result term: IRI/literal text, int, Decimal, float, bool or None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def literal_value(text: str, datatype: str | None) -> object:
    """Convert a literal's lexical form by datatype: xsd:decimal stays exact (2133.3 is Decimal).

    >>> literal_value("2133.3", XSD + "decimal")
    Decimal('2133.3')
    """
    try:
        if datatype in INTEGER_TYPES:
            return int(text)
        if datatype == DECIMAL:
            return Decimal(text)
        if datatype in FLOAT_TYPES:
            return float(text)
    except (ValueError, InvalidOperation):
        return text
    if datatype == BOOLEAN:
        return text in ("true", "1")
    return text
