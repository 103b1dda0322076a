"""Replies to proposals (提案 / 建议 复函): the proposal answered, who handled it, and what is planned.

The replying agency leads the handling of the proposal, the 协办单位 are its co-handlers; the items
of the 下一步 (next steps) section are tasks the replying agency commits to.
"""

from __future__ import annotations

import re

from policykg.loaders.cleaning import squeeze
from policykg.loaders.document import assemble, body_of
from policykg.loaders.header import Block, read_header
from policykg.loaders.records import Document, Proposal
from policykg.loaders.structure import outline
from policykg.loaders.tasks import make_task

_PROPOSAL = re.compile(
    r"关于(?P<session>[^第《》]*?会议)?(?P<number>第\s*\d+\s*号)(?P<kind>提案|建议|议案)"
)
_QUOTED = re.compile(r"《(?P<title>[^》]+)》\s*[（(](?P<number>第\s*\d+\s*号)[）)]")
_PROPOSER = re.compile(r"^(?P<name>[\u4e00-\u9fff·]{2,5}?)(?:委员|代表|同志|先生|女士)(?:[:：])?$")
_CO_SENTENCE = re.compile(
    r"经与(?P<units>[^。；;]{2,200}?)(?:等)?(?:协办单位|会办单位|有关单位|相关单位|单位|部门)?"
    r"(?:共同|认真|一起)?(?:研究|办理|商议|协商)"
)
# 主办 / 协办 / 会办 labels: on a line with their units, or alone with the units on the next line
# (a form flattened one cell a line, where the first character of 主办单位 may be lost).
_LABEL = re.compile(r"^(?P<label>主?办单位|协办单位|会办单位)\s*[:：]?\s*(?P<units>.*)$")
_LABEL_START = re.compile(r"(?=主办单位|协办单位|会办单位)")
_HOSTED = re.compile(r"由(?P<lead>[^，,。；;]{2,40}?)主办[，,](?P<co>[^，,。；;]{2,200}?)协办")
_PLAN = re.compile(r"下一步|下步|工作计划|工作打算|今后|下阶段|下一阶段")
_REPLY_TITLE = re.compile(r"(?:提案|建议|议案).{0,12}(?:复函|答复|函)$|^(?:复\s*函|答复)$")

KIND = "proposal_reply"


def detect(lines: list[str]) -> bool:
    """A reply title near the top, or 主办/协办 labels in a text that names a 提案 or 建议."""
    lines = [squeeze(line) for line in lines]
    head = [line for line in lines if line][:20]
    if any(_REPLY_TITLE.search(line) for line in head):
        return True
    return any(line.startswith(("主办单位", "协办单位")) for line in lines) and any(
        "提案" in line or "建议" in line for line in head
    )


def parse(text: str, listing_order: bool = True) -> list[Document]:
    """Parse one reply to a proposal."""
    return [parse_block(Block(tuple(text.split("\n"))), listing_order)]


def parse_block(block: Block, listing_order: bool = True) -> Document:
    """Parse the reply held in ``block``."""
    head = read_header(block)
    body = body_of(block, head)
    lines = [squeeze(line) for line in block.lines]
    proposal = _proposal(head.title, lines, head.addressees)
    lead, co_handlers, evidence = _handlers(block, lines, head.issuer)
    shape = outline(block, body.start, body.stop, item_levels=(3, 5))
    statement = (
        f"主办单位：{lead}" + (f"；协办单位：{'、'.join(co_handlers)}" if co_handlers else "")
        if lead
        else None
    )
    handling = f"办理{proposal.session or ''}{proposal.number}{proposal.kind}" + (
        f"《{proposal.title}》" if proposal.title else ""
    )
    tasks = [
        make_task(
            1,
            "",
            None,
            handling,
            (evidence, evidence),
            statement,
            head.district,
            listing_order,
            evidence,
            kind="proposal_handling",
        )
    ]
    plan_sections = {s.id for s in shape.sections if _PLAN.search(s.title)}
    planned = [p for p in shape.paragraphs if p.section in plan_sections]
    if any(p.item for p in planned):
        planned = [p for p in planned if p.item]
    for paragraph in planned:
        number = paragraph.item.number if paragraph.item else ""
        tasks.append(
            make_task(
                len(tasks) + 1,
                number,
                paragraph.section,
                paragraph.text,
                (paragraph.first, paragraph.last),
                f"{head.issuer}负责" if head.issuer else None,
                head.district,
                listing_order,
                paragraph.first,
                kind="planned",
            )
        )
    return assemble(block, head, body, shape.sections, tasks, responds_to=proposal)


def _proposal(title: str, lines: list[str], addressees: tuple[str, ...]) -> Proposal:
    match = _PROPOSAL.search(title)
    number = re.sub(r"\s+", "", match.group("number")) if match else ""
    quoted = next((m for line in lines for m in _QUOTED.finditer(line)), None)
    if not number and quoted:
        number = re.sub(r"\s+", "", quoted.group("number"))
    proposer = next((m.group("name") for a in addressees if (m := _PROPOSER.match(a))), None)
    return Proposal(
        number=number,
        title=quoted.group("title") if quoted else None,
        session=match.group("session") if match and match.group("session") else None,
        proposer=proposer,
        kind=match.group("kind") if match else "提案",
    )


def _next_nonblank(lines: list[str], i: int) -> str:
    return next((line for line in lines[i + 1 : i + 4] if line), "")


def _handlers(
    block: Block, lines: list[str], issuer: str | None
) -> tuple[str | None, list[str], int]:
    """The lead handler (主办单位, else the issuer), the co-handlers and the line naming them."""
    from policykg.loaders.agencies import split_units

    lead, co, evidence = issuer, [], block.first
    for i, line in enumerate(lines):
        if _LABEL.match(line):  # 主办单位：X　　会办单位：Y, one label after another
            for part in (p for p in _LABEL_START.split(line) if p):
                lead, co = _labelled(part, lines, i, lead, co)
            evidence = block.first + i
        hosted = _HOSTED.search(line)
        if hosted:
            lead = split_units(hosted.group("lead"))[0]
            co += split_units(hosted.group("co"))
            evidence = block.first + i
    if co:
        return lead, co, evidence
    for i, line in enumerate(lines):
        sentence = _CO_SENTENCE.search(line)
        if sentence:
            return lead, split_units(sentence.group("units")), block.first + i
    return lead, co, evidence


def _labelled(
    line: str, lines: list[str], i: int, lead: str | None, co: list[str]
) -> tuple[str | None, list[str]]:
    """The lead and co-handlers after one 主办/协办/会办 label (its value may be on the next line)."""
    from policykg.loaders.agencies import split_units

    label = _LABEL.match(line)
    if label:
        value = label.group("units") or _next_nonblank(lines, i)
        units = split_units(value)
        if label.group("label").endswith("主办单位") or label.group("label") == "办单位":
            lead = units[0] if units else lead
        else:
            co = co + units
    return lead, co
