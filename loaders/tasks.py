"""Tasks from paragraphs and table rows: text, responsibility statement, roles and targets."""

from __future__ import annotations

import re

from policykg.loaders.assignments import is_responsibility, parse_responsibility, prose_statement
from policykg.loaders.deadlines import find_deadline, parse_deadline
from policykg.loaders.numbering import enumeration
from policykg.loaders.records import Task
from policykg.loaders.structure import Paragraph
from policykg.loaders.targets import find_targets

_TRAILING_PAREN = re.compile(
    r"[（(](?P<inner>[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)[）)]\s*[。.;；]?\s*$"
)
_DEADLINE_LABEL = re.compile(r"^(?:完成|办结)?(?:时限|时间节点|时间|期限)\s*[:：]")
_TRAILING_BRACKET = re.compile(r"[\[【［](?P<inner>[^\]】］]*)[\]】］]\s*[。.]?\s*$")
# A statement the text stops inside (an excerpt cut mid-bracket): （牵头单位:市发改委;责任单位:市财
_UNCLOSED = re.compile(r"[（(\[【［](?P<inner>[^（）()\[\]【】［］]{2,200})$")
# A statement inside running text, closing one item of a list: 一是…（责任单位：X）；二是…
_INNER = re.compile(r"[（(\[【［](?P<inner>[^（）()\[\]【】［］]{2,200})[）)\]】］]")


def split_responsibility(text: str) -> tuple[str, str | None]:
    """Separate a trailing ``（…牵头，…负责）`` or ``[牵头单位:…]`` from the task text.

    >>> split_responsibility("强化目标管理。（区机关事务管理中心负责）")
    ('强化目标管理。', '区机关事务管理中心负责')
    >>> split_responsibility("纳入国家企业信用信息公示系统（重庆）")
    ('纳入国家企业信用信息公示系统（重庆）', None)
    """
    for pattern in (_TRAILING_BRACKET, _TRAILING_PAREN, _UNCLOSED):
        match = pattern.search(text)
        if match and is_responsibility(match.group("inner")):
            return text[: match.start()].rstrip(), match.group("inner")
    return text, None


def inner_statements(text: str) -> list[tuple[str, str]]:
    """Cut running text at responsibility statements inside it: [(item text, statement)].

    >>> inner_statements("一是维修学校13所(责任单位:市教育局);二是改建公路(责任单位:市交通局)。")
    [('一是维修学校13所', '责任单位:市教育局'), ('二是改建公路', '责任单位:市交通局')]
    """
    out = []
    start = 0
    for match in _INNER.finditer(text):
        if is_responsibility(match.group("inner")):
            item = text[start : match.start()].strip(" ；;，,。")
            cut = max(item.rfind("："), item.rfind(":"), item.rfind("；"), item.rfind(";"))
            out.append((item[cut + 1 :].strip(), match.group("inner")))
            start = match.end()
    return out


def make_task(
    ordinal: int,
    number: str,
    section: str | None,
    text: str,
    lines: tuple[int, int],
    statement: str | None,
    district: str | None,
    listing_order: bool,
    evidence_line: int | None = None,
    kind: str = "task",
    deadline_cell: tuple[str, int | None] | None = None,
) -> Task:
    """A Task record; ``statement`` is the responsibility text (None: no agency named).

    ``deadline_cell`` is a 完成时限 column cell or label with its line; without one the deadline
    is the one the text states, if any.
    """
    assignments: tuple = ()
    collective: tuple[str, ...] = ()
    if statement:
        found = parse_responsibility(statement, district, evidence_line or lines[1], listing_order)
        assignments, collective = found.assignments, found.collective
    return Task(
        id=str(ordinal),
        number=number,
        section=section,
        text=text.strip(),
        lines=lines,
        assignments=assignments,
        collective=collective,
        targets=tuple(find_targets(text, lines[0])),
        kind=kind,
        deadline=(parse_deadline(*deadline_cell) if deadline_cell else None)
        or find_deadline(text, lines[0]),
    )


def tasks_from_paragraph(
    paragraph: Paragraph,
    ordinal: int,
    district: str | None,
    listing_order: bool,
    number: str,
    inherited: str | None = None,
) -> list[Task]:
    """The tasks of a paragraph: one for an item, or one per statement inside running prose.

    ``inherited`` is the statement of the section heading above, for items that name no unit.
    """
    inner = inner_statements(paragraph.text) if paragraph.item is None else []
    trailing = split_responsibility(paragraph.text)[1]
    if len(inner) >= 2 or (inner and trailing is None):
        tasks = []
        for text, statement in inner:
            found = enumeration(text)
            tasks.append(
                make_task(
                    ordinal + len(tasks),
                    found.number if found else number,
                    paragraph.section,
                    found.body if found else text,
                    (paragraph.first, paragraph.last),
                    statement,
                    district,
                    listing_order,
                    paragraph.first,
                )
            )
        return tasks
    task = task_from_paragraph(paragraph, ordinal, district, listing_order, number, inherited)
    return [task] if task is not None else []


def task_from_paragraph(
    paragraph: Paragraph,
    ordinal: int,
    district: str | None,
    listing_order: bool,
    number: str,
    inherited: str | None = None,
) -> Task | None:
    """A task from a numbered item, or from a plain paragraph that names responsible units."""
    body, statement = split_responsibility(paragraph.text)
    deadline = next(
        ((text.split("：", 1)[-1].split(":", 1)[-1], line) for line, text in paragraph.labels
         if _DEADLINE_LABEL.match(text)),
        None,
    )
    if paragraph.labels:
        labelled = "；".join(
            text for _, text in paragraph.labels if not text.startswith(("责任领导", "完成时限"))
        )
        statement = f"{statement}；{labelled}" if statement else labelled
    if paragraph.item is None and not statement and not prose_statement("\n".join(paragraph.parts)):
        return None
    if not statement:
        statement = prose_statement("\n".join(paragraph.parts)) or inherited
    evidence = (
        paragraph.labels[0][0] if paragraph.labels and body == paragraph.text else paragraph.last
    )
    return make_task(
        ordinal,
        number,
        paragraph.section,
        body,
        (paragraph.first, paragraph.last),
        statement or None,
        district,
        listing_order,
        evidence,
        deadline_cell=deadline,
    )
