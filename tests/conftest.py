"""Shared fixtures: the bundled corpus built once per session, and `policykg serve` over a store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from tests.support.fixture import fixture_store
from tests.support.server import served

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus" / "chongqing"


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store built from the bundled corpus by `policykg build` (absolute path; read it only)."""
    store = tmp_path_factory.mktemp("corpus") / "store"
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    return str(store.resolve())


@pytest.fixture(scope="session")
def corpus_endpoint(corpus_store: str) -> Iterator[str]:
    """The bundled corpus served over the SPARQL 1.1 Protocol."""
    with served(corpus_store) as url:
        yield url


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written query fixture in a store (a module may define its own ``store``)."""
    return fixture_store(tmp_path_factory.mktemp("serve") / "store").resolve()


@pytest.fixture(scope="module")
def endpoint(store: Path) -> Iterator[str]:
    """``store`` served over the SPARQL 1.1 Protocol on loopback."""
    with served(store) as url:
        yield url
