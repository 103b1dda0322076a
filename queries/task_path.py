"""A task named by its path as written (三（五）2, （十二）45): numbering restarts in every section,
so a task number alone ("第2项") can mean several tasks of one document."""

from __future__ import annotations

import re
from collections.abc import Mapping

# the separators that close a number as written: 一、 1． 1. 2) ; brackets are part of the number
_CLOSING = re.compile(r"[、．.\s:：]+$")
PATH_COLUMNS = ("grandparent_number", "parent_number", "section_number")


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
    """
    own = clean_number(row.get("task_number"))
    if not own:
        own = f"#{row.get('task_order')}" if row.get("task_order") is not None else ""
    return "".join(clean_number(row.get(c)) for c in PATH_COLUMNS) + own
