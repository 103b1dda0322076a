"""One import namespace assembled from the top-level folders; layers that run one way; doctests.

The layers, from the faces down: ``policykg.cli`` / ``policykg.viz`` (and the public API in
``policykg/__init__.py``) → ``policykg.queries`` → ``policykg.graph`` → ``policykg.loaders`` /
``policykg.ontology``. Every import is checked, the ones inside functions included.
"""

from __future__ import annotations

import ast
import configparser
import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
TOP_FOLDERS = {"loaders": "policykg.loaders", "graph": "policykg.graph",
               "ontology": "policykg.ontology", "queries": "policykg.queries",
               "policykg": "policykg"}


def _setup_cfg() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config


def _listed(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _folder_packages() -> dict[str, Path]:
    """Every folder with an ``__init__.py`` under the top-level folders, by package name."""
    found = {}
    for folder, package in TOP_FOLDERS.items():
        for init in sorted((ROOT / folder).rglob("__init__.py")):
            relative = init.parent.relative_to(ROOT / folder).parts
            found[".".join((package, *relative))] = init.parent
    return found


def test_package_list_matches_the_folders() -> None:
    options = _setup_cfg()["options"]
    assert sorted(_listed(options["packages"])) == sorted(_folder_packages())
    mapping = dict(line.split(" = ") for line in _listed(options["package_dir"]))
    assert mapping == {package: folder for folder, package in TOP_FOLDERS.items()}


@pytest.mark.parametrize("name", sorted(TOP_FOLDERS))
def test_packages_import_from_the_repository(name: str) -> None:
    # `queries` and `ontology` are also unrelated PyPI packages: ours live under policykg only.
    module = importlib.import_module(TOP_FOLDERS[name])
    assert Path(module.__file__).resolve().parent == ROOT / name


def _modules() -> list[str]:
    """Every module of the namespace, walked package by package (the folders are mapped)."""
    names = set(TOP_FOLDERS.values())
    for package in TOP_FOLDERS.values():
        path = importlib.import_module(package).__path__
        for info in pkgutil.walk_packages(path, package + "."):
            names.add(info.name)
    return sorted(names - {"policykg.__main__"})


MODULES = _modules()


def test_every_folder_module_is_found() -> None:
    files = {
        ".".join((package, *path.relative_to(folder).with_suffix("").parts))
        .removesuffix(".__init__")
        for package, folder in _folder_packages().items()
        for path in folder.glob("*.py")
    }
    assert files - {"policykg.__main__"} == set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doc_examples(name: str) -> None:
    failures, _ = doctest.testmod(importlib.import_module(name))
    assert failures == 0


LAYERS = {
    "policykg.cli": 3, "policykg.viz": 3, "policykg": 3,
    "policykg.queries": 2, "policykg.graph": 1,
    "policykg.loaders": 0, "policykg.ontology": 0,
}


def _layer(module: str) -> tuple[str, int]:
    """The layer a ``policykg`` module belongs to: the longest listed prefix."""
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return prefix, LAYERS[prefix]
    raise AssertionError(module)


def _source_path(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin)


def _imports(module: str) -> set[str]:
    """Every ``policykg`` module this module imports, anywhere in its body."""
    path = _source_path(module)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] == "policykg" and name in MODULE_SET}


MODULE_SET = set(MODULES)


def test_no_bare_imports_of_the_top_level_folders() -> None:
    bare = []
    for module in MODULES:
        tree = ast.parse(_source_path(module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                     else [])
            bare += [(module, n) for n in names if n.split(".")[0] in TOP_FOLDERS.keys() - {"policykg"}]
    assert bare == []


def test_layers_run_one_way() -> None:
    upward = []
    for module in MODULES:
        own_name, own = _layer(module)
        for imported in _imports(module):
            name, layer = _layer(imported)
            if layer > own or (layer == own and name != own_name and own < 3):
                upward.append(f"{module} imports {imported}")
    assert upward == []


def test_no_import_cycles_between_modules() -> None:
    import networkx as nx

    graph = nx.DiGraph()
    for module in MODULES:
        for imported in _imports(module):
            # a package's own __init__ re-exporting its modules is not a cycle of work
            if imported != module and not module.startswith(imported + "."):
                graph.add_edge(module, imported)
    assert list(nx.simple_cycles(graph)) == []
