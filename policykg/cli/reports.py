"""The graph-reading reports: tasks, agencies, documents, lineage, targets, unassigned, compare.

Each calls one function of ``policykg.queries``; ``report_command`` adds --store, --endpoint and
--format and prints what it returns.
"""

from __future__ import annotations

import click

from policykg.cli.app import cli
from policykg.cli.options import DATE, ROLE_CHOICE, page_options, report_command, text_value


@cli.command()
@click.option("--agency", callback=text_value, required=True, metavar="NAME",
              help="Short form, full form or alias: 区生态环境局, 重庆市永川区生态环境局.")
@click.option("--district", callback=text_value, metavar="D", help="Only the agency of this district, e.g. 永川区.")
@click.option("--role", type=ROLE_CHOICE, help="Only tasks where the agency has this role.")
@click.option("--due-before", type=DATE, metavar="DATE",
              help="Only tasks whose deadline falls before DATE (yyyy-mm-dd), with the deadline.")
@report_command
def tasks(source, agency: str, district: str | None, role: str | None, due_before):
    """Every task an agency is responsible for, by district, with totals by role."""
    from policykg.queries.reports import tasks_report

    return tasks_report(source, agency, district, role, due_before and due_before.date())


@cli.command()
@click.option("--district", callback=text_value, metavar="D", help="Only agencies of this district.")
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Only the N busiest.")
@report_command
def agencies(source, district: str | None, top: int | None):
    """Agency workload ranking: tasks by role, documents, degree and betweenness centrality."""
    from policykg.queries.reports import agencies_report

    return agencies_report(source, district, top)


@cli.command()
@page_options
@report_command
def documents(source, limit: int | None, offset: int):
    """Documents with 文号, type, date, issuer, district, level, task count and status."""
    from policykg.queries.reports import documents_report

    return documents_report(source, limit=limit, offset=offset)


@cli.command()
@click.argument("docnumber", callback=text_value)
@click.option("--clauses", "with_clauses", is_flag=True,
              help="Also show which upstream clause each section implements.")
@click.option("--tasks/--summary", "expand", default=None,
              help="List every task, or count tasks and agencies per document. Default: list "
                   "them up to 50 tasks, count beyond.")
@report_command
def lineage(source, docnumber: str, with_clauses: bool, expand: bool | None):
    """The implements chain of DOCNUMBER up to national policy and down to the tasks."""
    from policykg.queries.clauses import lineage_clauses_report
    from policykg.queries.lineage import lineage_report

    if with_clauses:
        if expand is False:
            raise click.UsageError("--clauses lists the sections and tasks its links hang on; "
                                   "leave out --summary")
        return lineage_clauses_report(source, docnumber)
    return lineage_report(source, docnumber, expand)


@cli.command()
@click.option("--indicator", callback=text_value, metavar="TEXT", help="Only indicators whose name contains TEXT.")
@page_options
@report_command
def targets(source, indicator: str | None, limit: int | None, offset: int):
    """Quantitative targets by indicator across districts (task targets and indicator tables)."""
    from policykg.queries.reports import targets_report

    return targets_report(source, indicator, limit=limit, offset=offset)


@cli.command()
@click.option("--district", callback=text_value, metavar="D", help="Only tasks of documents of this district.")
@page_options
@report_command
def unassigned(source, district: str | None, limit: int | None, offset: int):
    """Tasks with no responsible agency, with the collective phrases they name instead."""
    from policykg.queries.reports import unassigned_report

    return unassigned_report(source, district, limit=limit, offset=offset)


@cli.command()
@click.option("--indicator", "indicators", callback=text_value, multiple=True, metavar="TEXT",
              help="Indicator to compare (repeatable): 森林覆盖率, 绿色建筑占比; names are matched "
                   "across documents (scope words dropped, words compared).")
@click.option("--task-text", "texts", callback=text_value, multiple=True, metavar="TEXT",
              help="Compare the agencies in charge of tasks whose text contains TEXT (repeatable).")
@click.option("--district", "districts", callback=text_value, multiple=True, metavar="D",
              help="Compare these districts (repeatable); default: every district with targets "
                   "(--indicator) or tasks (--task-text).")
@click.option("--role", type=ROLE_CHOICE, default="lead", show_default=True,
              help="With --task-text: the role of the agencies shown.")
@click.option("--clause", callback=text_value, metavar="TEXT",
              help="Compare districts on the upstream clause titled (or numbered) TEXT: "
                   "推进工业绿色升级, 二、（四）.")
@report_command
def compare(source, indicators: tuple[str, ...], texts: tuple[str, ...],
            districts: tuple[str, ...], role: str, clause: str | None):
    """Districts side by side: targets per indicator, agencies in charge of similar tasks, or
    how each takes up one upstream clause (--clause)."""
    from policykg.queries.clauses import compare_clause_report
    from policykg.queries.compare import compare_report

    if clause:
        return compare_clause_report(source, clause, districts)
    return compare_report(source, indicators, texts, districts, role)


@cli.command()
@click.argument("text", callback=text_value)
@click.option("--district", metavar="D", callback=text_value, help="Only tasks of this district.")
@click.option("--role", type=ROLE_CHOICE, help="Only tasks with an agency in this role.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, metavar="N",
              help="Show the N best matches.")
@report_command
def search(source, text: str, district: str | None, role: str | None, limit: int):
    """Tasks whose text, section or document title, or agency names contain TEXT, ranked."""
    from policykg.queries.search import search_report

    return search_report(source, text, district, role, limit)


@cli.command()
@click.option("--as-of", type=DATE, metavar="DATE",
              help="The day to judge deadlines against (yyyy-mm-dd; default: today).")
@click.option("--district", callback=text_value, metavar="D",
              help="Only tasks of documents of this district.")
@click.option("--agency", callback=text_value, metavar="NAME",
              help="Only tasks this agency is responsible for.")
@report_command
def due(source, as_of, district: str | None, agency: str | None):
    """Tasks with deadlines and their owners: overdue, due, ongoing (完成时限, 2025年底前 …)."""
    from datetime import date

    from policykg.queries.reports import due_report

    return due_report(source, as_of.date() if as_of else date.today(), district, agency)
