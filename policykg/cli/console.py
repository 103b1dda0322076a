"""What ``policykg build`` shows: progress on stderr and the per-file summary table."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from policykg.graph.iris import DEFAULT_BASE
from policykg.graph.store import FileReport, write_store

COLUMNS = ("documents", "tasks", "assignments", "agencies", "indicators")


def build_with_progress(
    paths: Iterable[Path | str], store_dir: Path | None, base: str = DEFAULT_BASE
) -> list[FileReport]:
    """Extract ``paths`` and write them to the store, showing progress on stderr."""
    from policykg.loaders.pipeline import expand_paths, extract_file

    files = list(expand_paths(paths))
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        reading = progress.add_task("reading", total=len(files))
        extractions = []
        for path in files:
            progress.update(reading, description=f"reading {path.name}")
            extractions.append(extract_file(path))
            progress.advance(reading)
        writing = progress.add_task("writing graphs", total=len(files))
        return write_store(
            extractions, store_dir, base, progress=lambda _: progress.advance(writing)
        )


def stdout_console() -> Console:
    """A console on stdout; when piped, wide enough that file names are never cut."""
    import sys

    return Console(width=None if sys.stdout.isatty() else 160)


def summary_table(reports: list[FileReport]) -> Table:
    """One row per file and a total row; errors counted, their text goes to stderr."""
    table = Table(title="policykg build", show_footer=len(reports) > 1)
    # agencies are shared between files, so their per-file counts do not add up
    totals = ["" if c == "agencies" else str(sum(getattr(r, c) for r in reports)) for c in COLUMNS]
    table.add_column("file", footer="total")
    for column, total in zip(COLUMNS, totals, strict=True):
        table.add_column(column, justify="right", footer=total)
    table.add_column("errors", justify="right", footer=str(sum(len(r.errors) for r in reports)))
    for r in reports:
        cells = [str(getattr(r, c)) if r.ok else "-" for c in COLUMNS]
        table.add_row(Path(r.path).name, *cells, str(len(r.errors)), style=None if r.ok else "red")
    return table


def error_lines(reports: list[FileReport]) -> list[str]:
    """One line per failed file, naming the file and the reason."""
    lines = []
    for report in reports:
        if report.errors:
            reason = "; ".join(e.removeprefix(f"{report.path}: ") for e in report.errors)
            lines.append(f"error: {report.path}: {reason}")
        if report.warnings:
            lines.append(f"warning: {report.path}: {'; '.join(report.warnings)}")
    return lines
