"""Clause-level lineage commands: clauses (the links) and coverage (one upstream document)."""

from __future__ import annotations

import click

from policykg.cli.app import cli
from policykg.cli.options import page_options, report_command, text_value


@cli.command()
@click.argument("docnumber", required=False, callback=text_value)
@click.option("--status", type=click.Choice(["accepted", "candidate", "all"]), default="accepted",
              show_default=True, help="accepted links, the review queue (candidate), or all.")
@click.option("--tasks", is_flag=True, help="Also list tasks that inherit their section's link.")
@click.option("--sssom", metavar="FILE",
              help="Also write the listed links as an SSSOM TSV for review.")
@page_options
@report_command
def clauses(source, docnumber: str | None, status: str, tasks: bool, sssom: str | None,
            limit: int | None, offset: int):
    """Which upstream clause each local section, item (and task) implements."""
    from policykg.graph.iris import DEFAULT_BASE
    from policykg.queries.clauses import clauses_report, sssom_tsv
    from policykg.queries.output_file import write_output

    report = clauses_report(source, docnumber, status, tasks, limit=limit, offset=offset)
    if sssom is not None:  # '' is refused by write_output, not taken for "no file"
        write_output(sssom, sssom_tsv(report.rows, DEFAULT_BASE).encode("utf-8"))
    return report


@cli.command()
@click.argument("upstream", callback=text_value)
@click.option("--district", callback=text_value, metavar="D", help="Only this district, e.g. 永川区.")
@report_command
def coverage(source, upstream: str, district: str | None):
    """Per clause of UPSTREAM (文号): each district's sections, tasks, leads and targets."""
    from policykg.queries.clauses import coverage_report

    return coverage_report(source, upstream, district)
