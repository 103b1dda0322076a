"""Narrative documents: 意见, 实施方案, 措施 … with numbered items and responsibility parentheticals.

Tasks are the numbered items (``1.`` under （一）), and the paragraphs that name responsible
units without numbered items. Targets of a 主要目标 section that is not a task become indicators.
"""

from __future__ import annotations

import re

from policykg.loaders.cleaning import squeeze
from policykg.loaders.document import Body, assemble, body_of
from policykg.loaders.header import Block, read_header
from policykg.loaders.numbering import heading
from policykg.loaders.records import Document, Indicator
from policykg.loaders.structure import outline
from policykg.loaders.tables import indicators as table_indicators
from policykg.loaders.targets import find_targets
from policykg.loaders.tasks import split_responsibility, tasks_from_paragraph

KIND = "narrative"
# A heading that names the lead of its items: 县示范区管委会牵头工作(8项), 区发改委牵头的重点任务
_HEADING_LEAD = re.compile(
    r"^(?P<units>[^，,。；;：:（）()]{2,30}?)(?:牵头|负责)的?(?:重点|主要)?(?:工作|任务|事项)"
    r"(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[项件条个]\s*[）)])?$"
)


def detect(lines: list[str]) -> bool:
    """Any text: numbered items, label lines or prose (tried last)."""
    return True


def parse(text: str, listing_order: bool = True) -> list[Document]:
    """Parse one narrative document."""
    return [parse_block(Block(tuple(text.split("\n"))), listing_order)]


def parse_block(block: Block, listing_order: bool = True) -> Document:
    """Parse the narrative document held in ``block``."""
    head = read_header(block)
    body = body_of(block, head)
    shape = outline(block, body.start, body.stop)
    tasks = []
    goals: list[Indicator] = []
    leads = _heading_statements(block, body)
    inherited: dict[str | None, str | None] = {}  # per section: paragraphs share their sections
    for paragraph in shape.paragraphs:
        section = shape.section(paragraph.section)
        number = (
            str(paragraph.item.value) if paragraph.item else (section.number if section else "")
        )
        found = tasks_from_paragraph(
            paragraph,
            len(tasks) + 1,
            head.district,
            listing_order,
            number,
            _inherited(shape, paragraph.section, leads, inherited),
        )
        tasks += found
        if not found and section is not None and "目标" in section.title:
            for target in find_targets(paragraph.text, paragraph.first):
                goals.append(
                    Indicator(
                        section.title,
                        len(goals) + 1,
                        target.indicator,
                        target.unit,
                        target.value,
                        target.year,
                        comparator=target.comparator,
                        direction=target.direction,
                        base_year=target.base_year,
                        line=target.line,
                    )
                )
    return assemble(
        block, head, body, shape.sections, tasks, _attachment_indicators(block, body) + goals
    )


def _heading_statements(block: Block, body: Body) -> dict[str, str]:
    """Section titles as written → the responsibility statement a heading ends with, if any."""
    out = {}
    for _, line in block.numbered(body.start, body.stop):
        found = heading(squeeze(line))
        if found is not None and found.level <= 2:
            _, statement = split_responsibility(found.body.rstrip("。"))
            named = _HEADING_LEAD.match(found.body.rstrip("。"))
            if statement:
                out[found.title] = statement
            elif named:  # 一、县示范区管委会牵头工作(8项): a person here (朱伟县长) gives no unit
                out[found.title] = f"{named.group('units')}牵头"
    return out


def _inherited(shape, section_id: str | None, leads: dict[str, str],
               known: dict[str | None, str | None]) -> str | None:
    """The statement of the nearest enclosing heading that names a responsible unit.

    ``known`` keeps each section's answer, so a deep outline is walked once per section rather
    than once per paragraph (thousands of nested levels made this quadratic).
    """
    walked = []
    found = None
    while section_id is not None:
        if section_id in known:
            found = known[section_id]
            break
        walked.append(section_id)
        section = shape.section(section_id)
        if section is None:
            break
        if section_id in shape.inherited:
            found = "；".join(text for _, text in shape.inherited[section_id])
            break
        found = next((statement for title, statement in leads.items()
                      if section.title.startswith(title) or title.startswith(section.title)), None)
        if found is not None:
            break
        section_id = section.parent
    known.update(dict.fromkeys(walked, found))
    return found


def _attachment_indicators(block: Block, body: Body) -> list[Indicator]:
    return table_indicators(block, body.stop)
