"""Narrative documents: 意见, 实施方案, 措施 … with numbered items and responsibility parentheticals.

Tasks are the numbered items (``1.`` under （一）), and the paragraphs that name responsible
units without numbered items. Targets of a 主要目标 section that is not a task become indicators.
"""

from __future__ import annotations

from policykg.loaders.document import Body, assemble, body_of
from policykg.loaders.header import Block, read_header
from policykg.loaders.records import Document, Indicator
from policykg.loaders.structure import outline
from policykg.loaders.tables import indicators as table_indicators
from policykg.loaders.targets import find_targets
from policykg.loaders.tasks import task_from_paragraph

KIND = "narrative"


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
    for paragraph in shape.paragraphs:
        section = shape.section(paragraph.section)
        number = (
            str(paragraph.item.value) if paragraph.item else (section.number if section else "")
        )
        task = task_from_paragraph(paragraph, len(tasks) + 1, head.district, listing_order, number)
        if task is not None:
            tasks.append(task)
        elif section is not None and "目标" in section.title:
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


def _attachment_indicators(block: Block, body: Body) -> list[Indicator]:
    return table_indicators(block, body.stop)
