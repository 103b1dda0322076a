"""Printing reports: table (rich, double-width aware), csv, json (one array of flat rows), markdown,
xlsx (openpyxl: the csv's rows in a worksheet, numbers as numbers).

A ``Report`` holds the complete rows (csv and json print every column) and how to show them to a
person (a few display columns, optional groups, notes, or a rich tree). Data goes to stdout;
notes go to stderr for the machine formats so that stdout stays parseable. A listing too long to
hold gives its rows as ``pending`` (read once): csv and json write each row as it arrives, and
its title and notes, which count the rows, follow them on stderr; the other formats hold them.
With no rows, table and markdown print the report's one ``empty`` sentence on stderr instead.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any, TextIO

from policykg.loaders.records import decimal_json
from policykg.queries.output_file import OutputError

FORMATS = ("table", "csv", "json", "markdown", "xlsx")
STREAMED = ("csv", "json")  # written row by row; the others need every row first
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
    pending: Iterator[Row] | None = None  # rows after ``rows``, still to be read (once)
    summary: Callable[[], tuple[str, list[str]]] | None = None  # title, notes once all are read
    empty: str = ""  # the sentence a person reads instead of an empty table: "No tasks match …"

    def all_columns(self) -> list[str]:
        """Columns for csv/json: the declared ones, else the keys of the first row."""
        if not self.columns and not self.rows and self.pending is not None:
            self.rows = list(islice(self.pending, 1))  # peek
        return list(self.columns) or (list(self.rows[0]) if self.rows else [])

    def each_row(self) -> Iterator[Row]:
        """Every row, the pending ones as they arrive (not kept); then the summary is settled."""
        yield from self.rows
        if self.pending is not None:
            yield from self.pending
            self.pending = None
        self._settle()

    def hold(self) -> Report:
        """Read the pending rows into ``rows`` and settle the title and notes; return self."""
        if self.pending is not None:
            self.rows = [*self.rows, *self.pending]
            self.pending = None
        self._settle()
        return self

    def _settle(self) -> None:
        if self.summary is not None:
            self.title, self.notes = self.summary()
            self.summary = None

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



def emit(report: Report, fmt: str, out: TextIO | None = None, err: TextIO | None = None,
         bom: bool = False) -> None:
    """Print ``report`` in ``fmt`` (one of FORMATS); ``bom`` starts csv with U+FEFF for Excel."""
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt not in STREAMED:
        report.hold()
    # a streamed listing's notes count its rows: they follow the rows
    streamed = report.pending is not None
    if fmt == "xlsx":
        _notes(report, err)
        if out.isatty():
            raise OutputError("xlsx is a binary file: redirect it, e.g. > report.xlsx")
        out.flush()
        out.buffer.write(xlsx_bytes(report))
        out.buffer.flush()
    elif fmt == "json":
        if not streamed:
            _notes(report, err)
        _json_rows(report, out)
        if streamed:
            _notes(report, err)
    elif fmt == "csv":
        if not streamed:
            _notes(report, err)
        if bom:
            out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(csv_rows(report))
        if streamed:
            _notes(report, err)
    elif not report.rows and report.tree is None:
        # a table of headers says nothing: one sentence on stderr, stdout left empty (exit 0);
        # csv, json and xlsx keep their header or [] for the programs that read them
        err.write((report.empty or "No rows.") + "\n")
    elif fmt == "markdown":
        out.write(markdown(report))
    else:
        _table(report, out)


def _plain(value: object) -> object:
    """Decimals as JSON numbers spelling their digits (2133.3), never rounded."""
    return decimal_json(value) if isinstance(value, Decimal) else value


def _json_rows(report: Report, out: TextIO) -> None:
    """One array of flat rows, written row by row, in exactly ``json.dump(rows, indent=1)``'s
    layout."""
    columns = report.all_columns()
    separator = "[\n"
    for row in report.each_row():
        item = json.dumps({c: _plain(row.get(c)) for c in columns}, ensure_ascii=False, indent=1)
        out.write(separator + " " + item.replace("\n", "\n "))
        separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def csv_rows(report: Report) -> Iterator[list[str]]:
    """The header and the rows as the csv prints them, as the rows arrive."""
    columns = report.all_columns()
    yield columns
    for row in report.each_row():
        yield [text(row.get(c)) for c in columns]


def xlsx_bytes(report: Report) -> bytes:
    """The csv's rows as one worksheet: numbers as numbers, text as text, the header frozen."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "report"
    columns = report.all_columns()
    sheet.append(columns)
    for row in report.rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, bool) or not isinstance(value, int | float):
                value = ILLEGAL_CHARACTERS_RE.sub("", text(value))  # control characters
            cells.append(value)
        sheet.append(cells)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, 1):
        longest = max((len(text(r.get(column))) for r in report.rows[:500]), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, len(column),
                                                                          longest * 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
