"""--limit/--offset: pages of a listing, in its order, add up to the whole listing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.queries import QueryError, named_queries, paged, run_named
from policykg.queries.source import open_source
from tests.support.fixture import BASE

START = {"start": BASE + "doc/永川府办发-2022-14"}
REQUIRED = {"lineage-up": START, "lineage-down": START, "lineage-tasks": START,
            "tasks-mentioning": {"text_contains": "绿色"}}


def test_pages_of_every_named_query_add_up_to_the_whole_listing(store: Path) -> None:
    source = open_source(store)
    for name in named_queries():
        params = REQUIRED.get(name, {})
        whole = run_named(source, name, **params)
        pages = [run_named(source, name, limit=2, offset=n, **params)
                 for n in range(0, len(whole) + 2, 2)]
        assert [row for page in pages for row in page] == whole, name
        assert all(len(page) <= 2 for page in pages)


def test_cli_pages_through_a_report(store: Path) -> None:
    def rows(*args: str) -> list[str]:
        result = CliRunner().invoke(cli, [*args, "--store", str(store), "--format", "csv"])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()

    whole = rows("sparql", "--name", "task-links")
    assert rows("sparql", "--name", "task-links", "--limit", "2", "--offset", "1") == [
        whole[0], *whole[2:4]]
    documents = rows("documents")
    assert rows("documents", "--limit", "1", "--offset", "1") == [documents[0], documents[2]]


def test_negative_or_ad_hoc_paging_is_refused(store: Path) -> None:
    with pytest.raises(QueryError):
        paged("SELECT * WHERE { ?s ?p ?o }", -1)
    result = CliRunner().invoke(cli, ["sparql", "SELECT * WHERE { ?s ?p ?o }", "--limit", "1",
                                      "--store", str(store)])
    assert result.exit_code == 1 and "write LIMIT/OFFSET in QUERY" in result.stderr
