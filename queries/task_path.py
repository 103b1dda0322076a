"""A task named by its path as written (三（五）2, （十二）45): numbering restarts in every section,
so a task number alone ("第2项") can mean several tasks of one document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# the separators that close a number as written: 一、 1． 1. 2) ; brackets are part of the number
_CLOSING = re.compile(r"[、．.\s:：]+$")
PATH_COLUMNS = ("grandparent_number", "parent_number", "section_number")
_NUMERALS = set("〇零一二三四五六七八九十百")
_NUMBERED = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ〇零一二三四五六七八九十百千]")


def clean_number(number: object) -> str:
    """A heading or item number without its closing separator.

    >>> [clean_number(n) for n in ("三、", "（五）", "2.", "12．", None)]
    ['三', '（五）', '2', '12', '']
    """
    return _CLOSING.sub("", str(number or "").strip())


def task_path(row: Mapping[str, object]) -> str:
    """The path of a task row: its sections' numbers, outermost first, then its own number.

    >>> task_path({"parent_number": "三、", "section_number": "（五）", "task_number": "2."})
    '三（五）2'
    >>> task_path({"section_number": "（十二）", "task_number": "45"})
    '（十二）45'
    >>> task_path({"task_number": None, "task_order": 7})
    '#7'

    A task that is a section's own text (numbered like it) is not numbered twice:

    >>> task_path({"parent_number": "五、", "section_number": "（三）", "task_number": "（三）"})
    '五（三）'

    Two numbers written in Chinese numerals keep the 、 between them (六、一是, not 六一是):

    >>> task_path({"section_number": "六、", "task_number": "一是"})
    '六、一是'

    A heading marked only by a dash adds nothing (武汉's ——不断增强城市功能 above item 88.):

    >>> task_path({"parent_number": "一、", "section_number": "——", "task_number": "88."})
    '一88'
    """
    own = clean_number(row.get("task_number"))
    if not own:
        own = f"#{row.get('task_order')}" if row.get("task_order") is not None else ""
    # a heading marked by a dash or bullet (——不断增强城市功能) has no number to add to a path
    chain = [n for n in (clean_number(row.get(c)) for c in PATH_COLUMNS) if _NUMBERED.search(n)]
    if chain and chain[-1] == own:
        own = ""
    path = ""
    for piece in [*chain, own]:
        if path and piece and path[-1] in _NUMERALS and piece[0] in _NUMERALS:
            path += "、"
        path += piece
    return path


def outline_paths(outline: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """Paths of the tasks of ``outline`` rows (the outline query: item, kind, parent, number).

    >>> outline_paths([
    ...     {"item": "s1", "kind": "section", "parent": None, "number": "三、"},
    ...     {"item": "s2", "kind": "section", "parent": "s1", "number": "（五）"},
    ...     {"item": "t", "kind": "task", "parent": "s2", "number": "2."}])
    {'t': '三（五）2'}
    """
    rows = list(outline)
    sections = {r["item"]: r for r in rows if r["kind"] == "section"}
    paths = {}
    for row in rows:
        if row["kind"] != "task":
            continue
        chain: list[object] = []
        parent = row.get("parent")
        while parent in sections and len(chain) < 8:  # a cycle in bad data stops here
            chain.insert(0, sections[parent].get("number"))
            parent = sections[parent].get("parent")
        numbers = dict(zip(PATH_COLUMNS[-len(chain):], chain[-3:], strict=False)) if chain else {}
        paths[str(row["item"])] = task_path({**numbers, "task_number": row.get("number"),
                                              "task_order": row.get("order")})
    return paths
