"""The graph-reading reports: tasks, agencies, documents, lineage, targets, unassigned, compare.

Each calls one function of ``policykg.queries``; ``report_command`` adds --store, --endpoint and
--format and prints what it returns.
"""

from __future__ import annotations

import click

from policykg.cli.app import cli
from policykg.cli.options import ROLE_CHOICE, report_command, text_value


@cli.command()
@click.option("--agency", callback=text_value, required=True, metavar="NAME",
              help="Short form, full form or alias: 区生态环境局, 重庆市永川区生态环境局.")
@click.option("--district", callback=text_value, metavar="D", help="Only the agency of this district, e.g. 永川区.")
@click.option("--role", type=ROLE_CHOICE, help="Only tasks where the agency has this role.")
@report_command
def tasks(source, agency: str, district: str | None, role: str | None):
    """Every task an agency is responsible for, by district, with totals by role."""
    from policykg.queries.reports import tasks_report

    return tasks_report(source, agency, district, role)


@cli.command()
@click.option("--district", callback=text_value, metavar="D", help="Only agencies of this district.")
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Only the N busiest.")
@report_command
def agencies(source, district: str | None, top: int | None):
    """Agency workload ranking: tasks by role, documents, degree and betweenness centrality."""
    from policykg.queries.reports import agencies_report

    return agencies_report(source, district, top)


@cli.command()
@report_command
def documents(source):
    """Documents with 文号, type, date, issuer, district, level, task count and status."""
    from policykg.queries.reports import documents_report

    return documents_report(source)


@cli.command()
@click.argument("docnumber", callback=text_value)
@report_command
def lineage(source, docnumber: str):
    """The implements chain of DOCNUMBER up to national policy and down to the tasks."""
    from policykg.queries.lineage import lineage_report

    return lineage_report(source, docnumber)


@cli.command()
@click.option("--indicator", callback=text_value, metavar="TEXT", help="Only indicators whose name contains TEXT.")
@report_command
def targets(source, indicator: str | None):
    """Quantitative targets by indicator across districts (task targets and indicator tables)."""
    from policykg.queries.reports import targets_report

    return targets_report(source, indicator)


@cli.command()
@click.option("--district", callback=text_value, metavar="D", help="Only tasks of documents of this district.")
@report_command
def unassigned(source, district: str | None):
    """Tasks with no responsible agency, with the collective phrases they name instead."""
    from policykg.queries.reports import unassigned_report

    return unassigned_report(source, district)


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
@report_command
def compare(source, indicators: tuple[str, ...], texts: tuple[str, ...],
            districts: tuple[str, ...], role: str):
    """Districts side by side: targets per indicator, or agencies in charge of similar tasks."""
    from policykg.queries.compare import compare_report

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
