"""Records: the frozen dataclasses that loaders produce and everything after consumes.

The JSON form (``to_json``) is the contract printed by ``policykg extract``; the README lists its fields.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ROLES = ("lead", "co", "joint", "co_handler")
BASES = ("explicit", "listing_order")


@dataclass(frozen=True)
class DocNumber:
    """A 发文字号 split into 机关代字, year and serial: 永川府办发〔2022〕14号."""

    daizi: str
    year: int
    serial: int

    @property
    def text(self) -> str:
        """The canonical written form with 〔〕 brackets."""
        return f"{self.daizi}〔{self.year}〕{self.serial}号"


@dataclass(frozen=True)
class Assignment:
    """One task–agency link with its role and the basis for that role."""

    agency: str  # as written in the text
    canonical: str  # full name, district-scoped
    role: str  # one of ROLES
    basis: str  # one of BASES
    agency_type: str = "department"
    line: int | None = None  # evidence line (1-based) in the source file
    key: str = (
        ""  # district-local identity, e.g. 生态环境局; the agency IRI is agency/{district}/{key}
    )
    district: str | None = None  # the place that scopes the agency (the document's, or its own)
    recognised: bool = True  # False: no agency rule knows the unit; kept and listed in warnings


@dataclass(frozen=True)
class Target:
    """A quantitative target stated inside a task: 到2025年…达到90%以上."""

    indicator: str
    value: Decimal  # exact, from the text's digits: 2133.3 stays 2133.3
    unit: str  # as written (% for ％)
    year: int | None = None
    comparator: str = "="  # one of = ≥ ≤ > < ≈ (以上 ≥, 以下/不超过/控制在 ≤, 左右 ≈)
    direction: str | None = None  # decrease (下降/降低/减少 by the value) | increase | None: a level
    base_year: int | None = None  # 比2020年下降14.5%
    strive: bool = False  # 力争: an aim rather than a firm target
    line: int | None = None  # evidence line (1-based) in the source file


@dataclass(frozen=True)
class Deadline:
    """When a task is due, as the text states it: 2025年底前, 6月底前, 全年, 长期坚持."""

    kind: str  # by (a date) | during (a period) | ongoing (no end)
    date: str | None  # the end: 2025, 2023-06 or 2023-06-30; None when ongoing or the year is unknown
    text: str  # the words as written
    start: str | None = None  # a period's beginning (2023—2025年: 2023)
    line: int | None = None  # evidence line (1-based) in the source file


@dataclass(frozen=True)
class Indicator:
    """A row of an indicator table (目标体系): category, number, name, unit, value, year."""

    category: str
    number: int
    name: str
    unit: str
    value: float | Decimal
    year: int | None = None
    comparator: str | None = None  # as in Target; None where a table row states none
    direction: str | None = None
    base_year: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class Section:
    """A heading: 一、 → （一） …; ``id`` is the dotted position path, ``parent`` its parent's id."""

    id: str
    number: str
    title: str
    parent: str | None = None
    level: int = 1
    inferred: bool = False  # the number was lost in extraction and inferred from its neighbours


@dataclass(frozen=True)
class Task:
    """A unit of work assigned by a document, with its responsible agencies."""

    id: str
    number: str
    section: str | None
    text: str
    lines: tuple[int, int]
    assignments: tuple[Assignment, ...] = ()
    collective: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    kind: str = "task"  # task | proposal_handling | planned
    deadline: Deadline | None = None


@dataclass(frozen=True)
class Attachment:
    """An attachment named by the document (附件：…), and whether its text is present."""

    title: str
    present: bool


@dataclass(frozen=True)
class Proposal:
    """The proposal (提案/建议) a reply letter answers."""

    number: str  # 第024号
    title: str | None = None
    session: str | None = None  # 区政协三届一次会议
    proposer: str | None = None  # 包安洪
    kind: str = "提案"


@dataclass(frozen=True)
class Document:
    """One official document (公文), with its metadata, structure and tasks."""

    doc_number: str | None
    doc_number_parts: DocNumber | None
    title: str
    type: str | None
    issuer: str | None
    district: str | None
    date: str | None  # ISO yyyy-mm-dd (成文日期)
    publication: str | None = None
    addressees: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    implements: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    repeals: tuple[str, ...] = ()
    responds_to: Proposal | None = None
    attachments: tuple[Attachment, ...] = ()
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    cited_titles: tuple[tuple[str, str | None], ...] = ()  # (《title》, 文号 or None)
    lines: tuple[int, int] = (1, 1)
    complete: bool = True  # False when the text lacks a part a whole document has
    warnings: tuple[str, ...] = ()  # what is missing or doubtful, in words


@dataclass(frozen=True)
class Source:
    """The file a batch of documents was read from."""

    path: str
    sha256: str
    encoding: str
    kind: str
    format: str = "txt"  # the format its content was recognised as: txt, docx, pdf, html, …
    reader: str = "text"  # the reader (library) that turned it into text
    # what the file says about itself outside the body (a portal's 信息公开 block: 索引号 …)
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Extraction:
    """Everything read from one file: its source, its documents and any errors."""

    source: Source
    documents: tuple[Document, ...] = ()
    errors: tuple[str, ...] = field(default=())


def to_json(value: Any) -> Any:
    """Turn records into JSON-able dicts, lists and scalars (the ``extract`` schema)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Document) and value.doc_number_parts is None:
            out["doc_number_parts"] = None
        return out
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal):
        return decimal_json(value)
    return value


def decimal_json(value: Decimal) -> int | float | str:
    """A JSON number spelling the decimal's digits exactly: 2133.3, 90; a string if a float cannot.

    >>> decimal_json(Decimal("2133.3")), decimal_json(Decimal("90")), decimal_json(Decimal("89.850"))
    (2133.3, 90, 89.85)
    """
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)
