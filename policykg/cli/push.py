"""``policykg push``: the store's named graphs to a SPARQL 1.1 Graph Store Protocol endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policykg.cli.app import cli
from policykg.cli.options import store_option, user_errors


@cli.command()
@click.argument("gsp_url", metavar="GSP_URL")
@store_option
@click.option("--user", help="User name for HTTP basic authentication.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE", help="Read the password from the first line of FILE.")
def push(gsp_url: str, store: Path | None, user: str | None, password_file: Path | None) -> None:
    """Send every named graph that changed to GSP_URL (e.g. http://127.0.0.1:7878/store).

    One PUT per graph; graphs no longer in the store are deleted on the server; a second push
    of the same store sends nothing. Reports then read the server with --endpoint.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from policykg.graph.push import PushError, Step, push_store

    if password_file is not None and user is None:
        raise click.UsageError("--password-file needs --user")
    password = None
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    # started at the first graph, so an unreachable server prints its error line alone
    bar = Progress(*columns, console=Console(stderr=True), transient=True,
                 disable=not sys.stderr.isatty())

    def advance(step: Step) -> None:
        if not bar.live.is_started:
            bar.start()
            bar.add_task("pushing", total=None)
        bar.update(bar.task_ids[0], advance=1, description=f"{step.action} {step.graph}")

    try:
        with user_errors():
            summary = push_store(gsp_url, store, user, password, progress=advance)
    except PushError as error:
        raise click.ClickException(str(error)) from None
    finally:
        if bar.live.is_started:
            bar.stop()
    click.echo(str(summary), err=True)
