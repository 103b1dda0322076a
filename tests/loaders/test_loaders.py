"""Loader cases: every tests/data/loaders/<kind>/<case>.txt against its hand-written expectation.

An expectation lists only what it checks. Special keys: ``counts`` (sections per level, tasks,
assignments, collective phrases, indicators), ``task_numbers`` ("1-96"), ``tasks`` (by task id),
``task_with_text`` (by the start of the task text), ``sections`` (by id), ``indicators`` (by
number), ``indicators_include``, ``agency_tasks`` (tasks per agency as written), ``canonical``
(agency as written → [canonical name, type]) and ``no_agencies_from`` (strings that must not
become agencies or leak into task text).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from policykg.loaders import extract_paths
from policykg.loaders.records import Document, Task, to_json

DATA = Path(__file__).parent.parent / "data" / "loaders"
CASES = sorted(DATA.glob("*/*.expected.json"))


def test_there_are_cases_for_every_kind() -> None:
    from policykg.loaders.registry import KINDS

    assert {case.parent.name for case in CASES} == {kind.KIND for kind in KINDS}


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name.split('.')[0]}")
def test_loader_case(case: Path) -> None:
    expected = json.loads(case.read_text(encoding="utf-8"))
    source = case.with_name(case.name.replace(".expected.json", ".txt"))
    extraction = next(extract_paths([source]))
    problems: list[str] = []
    if extraction.source.kind != case.parent.name or expected["kind"] != case.parent.name:
        problems.append(f"kind: {extraction.source.kind!r}, folder {case.parent.name!r}")
    if "encoding" in expected and extraction.source.encoding != expected["encoding"]:
        problems.append(f"encoding: {extraction.source.encoding!r}")
    if list(extraction.errors) != expected["errors"]:
        problems.append(f"errors: {extraction.errors}")
    if len(extraction.documents) != len(expected["documents"]):
        problems.append(
            f"{len(extraction.documents)} documents, expected {len(expected['documents'])}"
        )
    for i, (want, doc) in enumerate(zip(expected["documents"], extraction.documents, strict=False)):
        problems += [f"document {i + 1}: {p}" for p in check_document(want, doc)]
    dumped = json.dumps(to_json(extraction), ensure_ascii=False)
    if "[bookmark" in dumped:
        problems.append("[bookmark: …] residue in the records")
    for text in expected.get("no_agencies_from", []):
        names = {a.agency for d in extraction.documents for t in d.tasks for a in t.assignments}
        names |= {a.canonical for d in extraction.documents for t in d.tasks for a in t.assignments}
        if any(text in name for name in names):
            problems.append(f"{text!r} became an agency")
        if any(text in t.text for d in extraction.documents for t in d.tasks):
            problems.append(f"{text!r} leaked into a task's text")
    assert not problems, "\n".join(problems)


def check_document(want: dict, doc: Document) -> list[str]:
    """Differences between an expectation and a document record."""
    problems = []
    actual = to_json(doc)
    special = {
        "counts",
        "task_numbers",
        "tasks",
        "task_with_text",
        "sections",
        "indicators",
        "indicators_include",
        "agency_tasks",
        "canonical",
    }
    for key, value in want.items():
        if key not in special and actual.get(key) != value:
            problems.append(f"{key}: {actual.get(key)!r} != expected {value!r}")
    for key, value in want.get("counts", {}).items():
        if counts(doc).get(key) != value:
            problems.append(f"count {key}: {counts(doc).get(key)} != expected {value}")
    if "task_numbers" in want:
        low, high = map(int, want["task_numbers"].split("-"))
        numbers = [t.number for t in doc.tasks]
        if numbers != [str(n) for n in range(low, high + 1)]:
            problems.append(f"task numbers {numbers}")
    by_id = {t.id: t for t in doc.tasks}
    for task_id, spec in want.get("tasks", {}).items():
        task = by_id.get(task_id)
        problems += (
            [f"task {task_id}: {p}" for p in check_task(spec, task)]
            if task
            else [f"no task {task_id}"]
        )
    for start, spec in want.get("task_with_text", {}).items():
        found = [t for t in doc.tasks if t.text.startswith(start)]
        if len(found) != 1:
            problems.append(f"{len(found)} tasks start with {start!r}")
        else:
            problems += [f"task «{start}»: {p}" for p in check_task(spec, found[0])]
    sections = {s["id"]: s for s in actual["sections"]}
    for section_id, spec in want.get("sections", {}).items():
        problems += [
            f"section {section_id}: {k} {sections.get(section_id, {}).get(k)!r} != {v!r}"
            for k, v in spec.items()
            if sections.get(section_id, {}).get(k) != v
        ]
    indicators = {str(i["number"]): i for i in actual["indicators"]}
    for number, spec in want.get("indicators", {}).items():
        if not _like(indicators.get(number) or {}, spec):
            problems.append(f"indicator {number}: {indicators.get(number)} != {spec}")
    for spec in want.get("indicators_include", []):
        if not any(all(i.get(k) == v for k, v in spec.items()) for i in actual["indicators"]):
            problems.append(f"no indicator like {spec}")
    per_agency = Counter(a.agency for t in doc.tasks for a in t.assignments)
    for agency, n in want.get("agency_tasks", {}).items():
        if per_agency[agency] != n:
            problems.append(f"{agency} has {per_agency[agency]} tasks, expected {n}")
    resolved = {a.agency: [a.canonical, a.agency_type] for t in doc.tasks for a in t.assignments}
    for agency, spec in want.get("canonical", {}).items():
        if resolved.get(agency) != spec:
            problems.append(f"{agency} resolves to {resolved.get(agency)}, expected {spec}")
    return problems


def check_task(spec: dict, task: Task) -> list[str]:
    """Differences between a task expectation and a task record."""
    problems = []
    actual = to_json(task)
    for key, value in spec.items():
        if key == "assignments":
            got = [[a.agency, a.role, a.basis] for a in task.assignments]
            if got != value:
                problems.append(f"assignments {got} != expected {value}")
        elif key == "text_starts":
            if not task.text.startswith(value):
                problems.append(f"text starts {task.text[:30]!r}")
        elif key == "text_contains":
            if value not in task.text:
                problems.append(f"text lacks {value!r}")
        elif key == "targets":
            got = actual["targets"]
            if len(got) != len(value) or not all(map(_like, got, value)):
                problems.append(f"targets {got} != expected {value}")
        elif actual.get(key) != value:
            problems.append(f"{key}: {actual.get(key)!r} != expected {value!r}")
    return problems


def _like(actual: dict, spec: dict) -> bool:
    """``actual`` has every key of ``spec`` with its value (an expectation lists what it checks)."""
    return all(actual.get(k) == v for k, v in spec.items())


def counts(doc: Document) -> dict[str, int]:
    """The counts an expectation may check."""
    out = {
        f"sections_level_{level}": sum(1 for s in doc.sections if s.level == level)
        for level in (1, 2, 3)
    }
    out.update(
        tasks=len(doc.tasks),
        assignments=sum(len(t.assignments) for t in doc.tasks),
        collective=sum(len(t.collective) for t in doc.tasks),
        responsibility_mentions=sum(len(t.assignments) + len(t.collective) for t in doc.tasks),
        indicators=len(doc.indicators),
        task_sections=len({t.section for t in doc.tasks}),
    )
    return out
