"""Printing reports: table (rich, double-width aware), csv, json (one array of flat rows), markdown.

A ``Report`` holds the complete rows (csv and json print every column) and how to show them to a
person (a few display columns, optional groups, notes, or a rich tree). Data goes to stdout;
notes go to stderr for the machine formats so that stdout stays parseable.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from policykg.loaders.records import decimal_json

FORMATS = ("table", "csv", "json", "markdown")
Row = dict[str, object]


@dataclass(frozen=True)
class Show:
    """A display column: the header, how to get the cell from a row, and whether it wraps."""

    header: str
    key: str
    get: Callable[[Row], object] | None = None
    wrap: bool = False  # long text: takes the free width and wraps
    width: int | None = None  # a label that may be long: wrapped beyond this width

    def cell(self, row: Row) -> str:
        """The text shown for ``row``."""
        return text(self.get(row) if self.get else row.get(self.key))


@dataclass
class Report:
    """Rows plus how to present them."""

    rows: list[Row]
    columns: Sequence[str] = ()
    show: Sequence[Show] = ()
    title: str = ""
    notes: list[str] = field(default_factory=list)
    group: Callable[[Row], str] | None = None
    group_notes: dict[str, str] = field(default_factory=dict)
    tree: Any = None  # a rich renderable used instead of the table for the table format

    def all_columns(self) -> list[str]:
        """Columns for csv/json: the declared ones, else the keys of the first row."""
        return list(self.columns) or (list(self.rows[0]) if self.rows else [])

    def shown(self) -> list[Show]:
        """Display columns, defaulting to every column."""
        return list(self.show) or [Show(c, c) for c in self.all_columns()]


def text(value: object) -> str:
    """A cell as text: None is empty, numbers without a useless .0 and never rounded.

    >>> text(Decimal("2133.3")), text(Decimal("90.0")), text(0.1234), text(90.0)
    ('2133.3', '90', '0.1234', '90')
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        whole, _, fraction = format(value, "f").partition(".")
        return f"{whole}.{fraction.rstrip('0')}".rstrip(".")
    if isinstance(value, float):
        return f"{value:g}" if value == int(value) else repr(value)
    return str(value)



def emit(report: Report, fmt: str, out: TextIO | None = None, err: TextIO | None = None) -> None:
    """Print ``report`` in ``fmt`` (one of FORMATS)."""
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt == "json":
        _notes(report, err)
        columns = report.all_columns()
        rows = [{c: _plain(r.get(c)) for c in columns} for r in report.rows]
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        _notes(report, err)
        writer = csv.writer(out, lineterminator="\n")
        columns = report.all_columns()
        writer.writerow(columns)
        writer.writerows([text(r.get(c)) for c in columns] for r in report.rows)
    elif fmt == "markdown":
        out.write(markdown(report))
    else:
        _table(report, out)


def _plain(value: object) -> object:
    """Decimals as JSON numbers spelling their digits (2133.3), never rounded."""
    return decimal_json(value) if isinstance(value, Decimal) else value


def _notes(report: Report, err: TextIO) -> None:
    for line in ([report.title] if report.title else []) + report.notes:
        err.write(line + "\n")


def _groups(report: Report) -> list[tuple[str, list[Row]]]:
    if report.group is None:
        return [("", report.rows)]
    groups: dict[str, list[Row]] = {}
    for row in report.rows:
        groups.setdefault(report.group(row), []).append(row)
    return list(groups.items())


def markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown: title, notes, one table per group."""
    lines = [f"## {report.title}", ""] if report.title else []
    lines += [*(f"{n}  " for n in report.notes), ""] if report.notes else []
    shows = report.shown()
    for name, rows in _groups(report):
        if name:
            lines += [f"### {name}", ""]
            if report.group_notes.get(name):
                lines += [report.group_notes[name], ""]
        lines.append("| " + " | ".join(_md(s.header) for s in shows) + " |")
        lines.append("|" + "|".join("---" for _ in shows) + "|")
        lines += ["| " + " | ".join(_md(s.cell(r)) for s in shows) + " |" for r in rows]
        lines.append("")
    return "\n".join(lines)


def _md(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def _table(report: Report, out: TextIO) -> None:
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # A pipe or file gets a fixed width wide enough for the text column to stay readable.
    console = Console(file=out, width=None if out.isatty() else 140, highlight=False,
                      soft_wrap=False, emoji=False, markup=False)
    if report.title:
        console.print(report.title, style="bold")
    for note in report.notes:
        console.print(note)
    if report.tree is not None:
        console.print(report.tree)
        return
    shows = report.shown()
    for name, rows in _groups(report):
        caption = report.group_notes.get(name)
        table = Table(title=Text(name) if name else None,
                      caption=Text(caption) if caption else None,
                      show_lines=any(s.wrap for s in shows), title_justify="left",
                      caption_justify="left", expand=False)
        for show in shows:
            table.add_column(Text(show.header), overflow="fold",
                             no_wrap=not (show.wrap or show.width),
                             ratio=1 if show.wrap else None, max_width=show.width,
                             min_width=20 if show.wrap else cell_len(show.header))
        for row in rows:
            table.add_row(*(Text(s.cell(row)) for s in shows))
        console.print(table)
    if not report.rows:
        console.print("(no rows)")
