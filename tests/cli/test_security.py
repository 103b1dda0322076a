"""Hostile values through every parameter of every report command: they match nothing, change
nothing, and never reach SPARQL as query text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.queries import named_queries
from tests.support.fixture import HOSTILE, fixture_store, store_dump

COMMANDS = [
    ("tasks", "--agency", "{}"),
    ("tasks", "--agency", "区生态环境局", "--district", "{}"),
    ("tasks", "--agency", "区生态环境局", "--role", "{}"),
    ("agencies", "--district", "{}"),
    ("lineage", "{}"),
    ("targets", "--indicator", "{}"),
    ("unassigned", "--district", "{}"),
    ("due", "--district", "{}"),
    ("due", "--agency", "{}"),
    ("due", "--as-of", "{}"),
    ("tasks", "--agency", "区生态环境局", "--due-before", "{}"),
    ("sparql", "--name", "{}"),
    ("sparql", "SELECT ?task ?w WHERE { ?task ?p ?w }", "--param", "w={}"),
    *[("sparql", "--name", q.name, "--param", f"{p.name}={{}}")
      for q in named_queries().values() for p in q.params],
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_store(tmp_path_factory.mktemp("security") / "store").resolve()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_hostile_values_match_nothing_and_change_nothing(store: Path, command: tuple) -> None:
    before = store_dump(store)
    for value in HOSTILE:
        args = [part.replace("{}", value) if "{}" in part else part for part in command]
        result = CliRunner().invoke(cli, [*args, "--store", str(store), "--format", "json"])
        assert "Traceback" not in result.stderr, args
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        if result.exit_code == 0:
            assert json.loads(result.stdout) == [], (args, result.stdout)
        else:
            # refused with one sentence: an unknown name, an invalid IRI, a bad choice
            assert result.exit_code in (1, 2) and result.stdout == "", args
            assert result.stderr.strip().splitlines()[-1].startswith("Error: "), result.stderr
    assert store_dump(store) == before


def test_bound_values_are_compared_as_data(store: Path) -> None:
    # the same hostile text stored in the graph would be found: it is data, not syntax
    result = CliRunner().invoke(cli, ["targets", "--indicator", "资源化", "--store", str(store),
                                      "--format", "json"])
    assert [r["indicator"] for r in json.loads(result.stdout)] == ["畜禽粪污资源化利用率"]
