"""Assembling a Document: where the body of a document runs, and its record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.cleaning import squeeze
from policykg.loaders.deadlines import with_year
from policykg.loaders.header import Block, Header, find_citations
from policykg.loaders.numbering import heading
from policykg.loaders.records import Document, Indicator, Proposal, Section, Task

_CLOSING = re.compile(r"^(?:此复函|特此|专此|对以上答复|以上答复|妥否|联系人|联系电话)")
# A contact line closes a letter, but inside a task list it is one more field of an item.
_CONTACT = re.compile(r"^联系")
_VERSION_MARK = re.compile(
    r"^(?:抄送|印发|[\u4e00-\u9fff]{2,30}\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发?$)"
)


class ParseError(ValueError):
    """A document that cannot be read as the kind it was taken for; the message says why."""


@dataclass(frozen=True)
class Body:
    """The positions (in the block) of a document's body: start inclusive, stop exclusive."""

    start: int
    stop: int


def body_of(block: Block, head: Header) -> Body:
    """Where the body runs: the issued instrument if its text is present, else after 主送."""
    lines = [squeeze(line) for line in block.lines]
    if head.instrument_at is not None:
        start = _after_title(lines, head.instrument_at, _instrument_title(head))
    elif head.addressee_at is not None:
        start = head.addressee_at + 1
    else:
        start = head.title_lines[1]
    ends = [
        i
        for i, line in enumerate(lines)
        if i >= start
        and (_CLOSING.match(line) or _VERSION_MARK.match(line))
        and not (_CONTACT.match(line) and any(heading(rest) for rest in lines[i + 1 :]))
    ]
    if head.attachment_at is not None and head.attachment_at >= start:
        ends.append(head.attachment_at)
    if head.date_at is not None and head.date_at >= start and not _issued_after(lines, head):
        signer = head.date_at - 1
        while signer > start and not lines[signer]:
            signer -= 1
        ends.append(signer if head.issuer and lines[signer] == head.issuer else head.date_at)
    return Body(start, min(ends) if ends else len(lines))


def _issued_after(lines: list[str], head: Header) -> bool:
    """Whether numbered text follows the signature although no issued instrument was named.

    A notice that issues a plan (现印发给你们) is often followed by the plan under a title we could
    not match; its items are the document's tasks, so the body runs on past the signature.
    """
    if head.instrument_at is not None or head.date_at is None:
        return False
    tail = lines[head.date_at + 1 :]
    return sum(1 for line in tail if heading(line)) >= 2


def _instrument_title(head: Header) -> str:
    present = [a.title for a in head.attachments if a.present]
    return present[0] if present else ""


def _after_title(lines: list[str], at: int, title: str) -> int:
    want = re.sub(r"[\s《》“”]", "", title)
    joined, i = "", at
    while i < len(lines) and len(joined) < len(want):
        joined += re.sub(r"[\s《》“”]", "", lines[i])
        i += 1
    return i


def citation_paragraphs(block: Block, head: Header, body: Body) -> list[tuple[str, bool]]:
    """Every line with whether it belongs to the preamble (cover text and purpose clause)."""
    lines = [squeeze(line) for line in block.lines]
    first_heading = next((i for i in range(body.start, body.stop) if heading(lines[i])), body.stop)
    out = []
    for i, line in enumerate(lines):
        if line and i >= head.title_lines[1]:
            preamble = (
                i < body.start and (head.date_at is None or i < head.date_at)
            ) or body.start <= i < first_heading
            out.append((line, preamble))
    return out


def _year(head: Header, block: Block) -> int | None:
    """The year a deadline without one (6月底前) falls in: the document's date, 文号 or title
    (or, when no title was found, the year its first line names: 2025年开发区重点工作清单)."""
    if head.date:
        return int(head.date[:4])
    if head.doc_number:
        return head.doc_number.year
    first = next((line for line in block.lines if line.strip()), "")
    stated = re.search(r"(\d{4})\s*年", head.title or first)
    return int(stated.group(1)) if stated else None


def assemble(
    block: Block,
    head: Header,
    body: Body,
    sections: list[Section],
    tasks: list[Task],
    indicators: list[Indicator] | None = None,
    responds_to: Proposal | None = None,
) -> Document:
    """The Document record from its header, outline, tasks and indicators."""
    own = head.doc_number.text if head.doc_number else None
    citations = find_citations(citation_paragraphs(block, head, body), own)
    return Document(
        doc_number=own,
        doc_number_parts=head.doc_number,
        title=head.title,
        type=head.type,
        issuer=head.issuer,
        district=head.district,
        date=head.date,
        publication=head.publication,
        addressees=head.addressees,
        cc=head.cc,
        implements=citations.implements,
        cites=citations.cites,
        repeals=citations.repeals,
        responds_to=responds_to,
        attachments=tuple(head.attachments),
        sections=tuple(sections),
        tasks=tuple(with_year(tasks, _year(head, block))),
        indicators=tuple(indicators or ()),
        cited_titles=citations.titles,
        lines=(block.first, block.first + len(block.lines) - 1),
    )
