"""The project's top-level packages are the repository's own, and its doc examples run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("name", ["loaders", "graph", "ontology", "queries"])
def test_packages_import_from_the_repository(name: str) -> None:
    # `queries` and `ontology` are also unrelated PyPI packages; ours must win.
    module = importlib.import_module(name)
    assert Path(module.__file__).resolve().parent == ROOT / name


LOADER_MODULES = sorted(m.name for m in pkgutil.iter_modules([str(ROOT / "loaders")]))


@pytest.mark.parametrize("name", LOADER_MODULES)
def test_loader_doc_examples(name: str) -> None:
    module = importlib.import_module(f"loaders.{name}")
    failures, _ = doctest.testmod(module)
    assert failures == 0
