"""Shared click options of the graph-reading reports: ``--store``, ``--endpoint``, ``--format``.

``report_command`` wraps a function that takes a ``source`` and returns a ``Report``: it opens the
source, prints the report in the chosen format and turns user errors into one clear sentence
(``click.ClickException``, exit status 1). Heavy imports happen only when a command runs.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from policykg.queries.output import FORMATS


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--format table|csv|json|markdown|xlsx`` (as ``fmt``) and ``--bom``."""
    func = click.option(
        "--bom", is_flag=True,
        help="With --format csv: start with a byte-order mark so Excel reads the Chinese as UTF-8.",
    )(func)
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="table for people; csv or json (one array of flat rows) for programs; markdown; "
             "xlsx (binary, redirect to a file).",
    )(func)


ROLE_CHOICE = click.Choice(["lead", "co", "joint", "co_handler"])
DATE = click.DateTime(formats=["%Y-%m-%d"])


def text_value(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Option callback: refuse an empty value and bytes that are not UTF-8, in one sentence.

    An empty filter would otherwise match everything (``--indicator ''``), and undecodable
    bytes reach click as lone surrogates that no name in the graph can match.
    """
    name = param.opts[0] if param.param_type_name == "option" else (param.human_readable_name)
    for item in value if isinstance(value, tuple) else (value,):
        if item is None:
            continue
        if not item.strip():
            raise click.ClickException(f"{name} is empty; give a value or leave it out")
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            raw = item.encode("utf-8", "surrogateescape")
            raise click.ClickException(f"{name} is not UTF-8 text ({raw!r}); check the "
                                       "terminal's or the script's encoding") from None
    return value


def endpoint_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Option callback: an endpoint is an http:// or https:// URL with a host, else one sentence."""
    import urllib.parse

    text_value(ctx, param, value)
    if value is None:
        return None
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.ClickException(f"--endpoint {value!r} is not an http:// or https:// URL "
                                   "(for example http://127.0.0.1:7878/query)")
    return value.strip()


def path_values(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Callback: the path (or paths) as ``Path``; an empty one is refused in one sentence.

    Checked before conversion: ``Path("")`` is the current folder, so ``build ''`` built it.
    """
    items = value if isinstance(value, tuple) else (value,)
    if any(item is not None and not item.strip() for item in items):
        name = param.opts[0] if param.param_type_name == "option" else param.human_readable_name
        raise click.ClickException(f"{name} has an empty path; give a file or folder "
                                   "(. for the current one)")
    paths = tuple(None if item is None else Path(item) for item in items)
    return paths if isinstance(value, tuple) else paths[0]


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--store DIR`` (as ``store``)."""
    return click.option(
        "--store", type=click.Path(file_okay=False), callback=path_values, metavar="DIR",
        help="Graph store directory (default: $POLICYKG_STORE, else ./.policykg/store).",
    )(func)


def source_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--store DIR`` and ``--endpoint URL``."""
    func = click.option(
        "--endpoint", metavar="URL", callback=endpoint_value,
        help="Query this SPARQL 1.1 endpoint instead of the embedded store.",
    )(func)
    return store_option(func)


def report_command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a report function the source and format options and print what it returns.

    A function with a ``stream`` parameter is told whether the format writes rows as they
    arrive (csv, json), so that a long listing is never held.
    """
    streams = "stream" in inspect.signature(func).parameters

    @functools.wraps(func)
    def wrapper(*args: Any, store: Path | None, endpoint: str | None, fmt: str, bom: bool,
                **kwargs: Any) -> None:
        from policykg.queries.output import STREAMED, emit

        if streams:
            kwargs["stream"] = fmt in STREAMED
        with user_errors():
            from policykg.queries.source import open_source

            report = func(*args, source=open_source(store, endpoint), **kwargs)
            emit(report, fmt, bom=bom)

    return format_option(source_options(wrapper))


class user_errors:
    """Turn the library's user-facing errors into ``click.ClickException``."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, tb: object) -> bool:
        from policykg.graph.location import (
            StoreBusyError,
            StoreNotFoundError,
            StorePathError,
            StoreSpaceError,
        )
        from policykg.queries import QueryError
        from policykg.queries.output_file import OutputError
        from policykg.queries.source import SourceError

        user_facing = (QueryError, SourceError, LookupError, StoreNotFoundError, StoreBusyError,
                       StorePathError, StoreSpaceError, OutputError)
        if error is not None and isinstance(error, user_facing):
            raise click.ClickException(str(error).strip().splitlines()[0]) from None
        return False


def page_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--limit N`` and ``--offset N``: one page of a listing, in the listing's order."""
    func = click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N",
                        help="Skip the first N rows.")(func)
    return click.option("--limit", type=click.IntRange(min=0), metavar="N",
                        help="At most N rows (one page; with --offset for the next).")(func)
