"""What ``policykg build`` shows: progress on stderr and the per-file summary table."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from policykg.cli import names
from policykg.graph.iris import DEFAULT_BASE
from policykg.graph.store import FileReport, StoreWriter

COLUMNS = ("documents", "tasks", "assignments", "agencies", "indicators")


def build_with_progress(
    paths: Iterable[Path | str], store_dir: Path | None, base: str = DEFAULT_BASE,
    jobs: int = 1, scheduler: str | None = None,
) -> list[FileReport]:
    """Extract ``paths`` (on ``jobs`` Dask workers, or a cluster) and write each as it arrives.

    Files the store already holds with the same content are skipped before extraction. The
    reports come back in the order the files were given.
    """
    import hashlib

    from policykg.graph.workers import prepare_all
    from policykg.loaders.pipeline import expand_paths, extract_file

    files = list(expand_paths(paths))
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with (
        StoreWriter(store_dir, base, reload=lambda path: extract_file(Path(path)),
                    expected_files=len(files)) as writer,
        Progress(*columns, console=Console(stderr=True), transient=True,
                 disable=not sys.stderr.isatty()) as progress,
    ):
        bar = progress.add_task("building", total=len(files))
        todo, graphs = [], {}
        for path in files:
            if not _utf8(str(path)):  # no IRI, manifest row or table line can hold its name
                shown = names.shown(str(path))
                writer.reports.append(FileReport(shown, errors=(
                    f"{shown}: the file name is not UTF-8; rename the file",)))
                progress.advance(bar)
                continue
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                sha = ""  # extraction reports why the file cannot be read
            if sha and writer.claim(str(path), sha) is not None:
                progress.advance(bar)
            else:
                todo.append(path)
                if sha:  # the graph claim gave it: workers build straight into it
                    graphs[str(path)] = writer.source_name(str(path), sha)
        for prepared in prepare_all(todo, writer.catalog, base, jobs, scheduler, graphs=graphs):
            progress.update(bar, description=f"building {Path(prepared.source.path).name}")
            writer.add_prepared(prepared)
            progress.advance(bar)
        reports = writer.finish()
    position = {str(path): n for n, path in enumerate(files)}
    return sorted(reports, key=lambda r: position.get(r.path, len(position)))


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
    # a file name that two files share is shown with its path (a/2023/通知.txt, b/2023/通知.txt)
    shared = Counter(Path(r.path).name for r in reports)
    for r in reports:
        cells = [str(getattr(r, c)) if r.ok else "-" for c in COLUMNS]
        name = r.path if shared[Path(r.path).name] > 1 else Path(r.path).name
        name = f"{name} ({r.note})" if r.note else name
        table.add_row(name, *cells, str(len(r.errors)), style=None if r.ok else "red")
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
