"""Duplicates do not multiply (issue 17): a file is one source whatever folder or name it is built
from, and the reports list each document once with copies present."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from policykg.cli import cli

CORPUS = Path(__file__).resolve().parent.parent.parent / "data" / "corpus" / "chongqing"
# the five samples, counted by hand (DESIGN.md §1): six documents, one with no 文号 (石柱县)
TASKS = {"永川府办发〔2022〕14号": 96, "永川府发〔2023〕5号": 43, "南川府发〔2022〕34号": 34,
         "南川府发〔2022〕33号": 0, None: 23}
SOURCES = ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
           "FILTER(CONTAINS(STR(?g), '/source/')) }")


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _copy(folder: Path, prefix: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, folder / f"{prefix}{path.name}")
    return folder


def _check(store: Path) -> None:
    assert _run("sparql", SOURCES, "--store", str(store), "--format", "csv") == "n\n5\n"
    documents = json.loads(_run("documents", "--store", str(store), "--format", "json"))
    iris = [row["doc"] for row in documents]
    assert len(iris) == len(set(iris)) == 13  # 6 loaded, 7 cited (4 upstream in the registry)
    loaded = {row["doc_number"]: row["task_count"] for row in documents
              if row["doc_number"] in TASKS or row["task_count"] is not None}
    assert {k: v for k, v in loaded.items() if k in TASKS} == TASKS
    assert len(loaded) == 6  # and 綦发改函〔2022〕140号, whose tasks another test counts


def test_copies_in_other_folders_and_under_other_names_are_one_source(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _copy(folder / "a")
    _copy(folder / "b")
    _copy(folder / "a", prefix="copy of ")
    store = tmp_path / "store"
    built = _run("build", str(folder), "--store", str(store))
    assert built.count("(same content as ") == 10
    _check(store)


def test_the_same_files_built_again_from_another_folder_move_not_double(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _run("build", str(_copy(tmp_path / "first")), "--store", str(store))
    _run("build", str(_copy(tmp_path / "elsewhere" / "second", prefix="renamed-")),
         "--store", str(store))
    _check(store)


def test_near_copies_are_two_sources_and_every_report_lists_things_once(tmp_path: Path) -> None:
    # one byte more (a trailing newline): another file, so another source holding the same
    # documents; the reports must list each document, section and task once, as for one copy
    single, double = tmp_path / "single", tmp_path / "double"
    _run("build", str(_copy(tmp_path / "one")), "--store", str(single))
    near = tmp_path / "near"
    _copy(near / "a")
    for path in _copy(near / "b").iterdir():
        path.write_bytes(path.read_bytes() + b"\n")
    _run("build", str(near), "--store", str(double))
    assert _run("sparql", SOURCES, "--store", str(double), "--format", "csv") == "n\n10\n"
    for report in (["documents"], ["sparql", "--name", "outline"],
                   ["lineage", "渝府发〔2021〕31号"], ["search", "绿色"]):
        once = json.loads(_run(*report, "--store", str(single), "--format", "json"))
        twice = json.loads(_run(*report, "--store", str(double), "--format", "json"))
        assert twice == once, report
    # the samples: 6 documents and 7 they cite; 96 + 43 + 34 + 23 + 4 tasks (DESIGN.md §1)
    outline = json.loads(_run("sparql", "--name", "outline", "--store", str(double), "--format", "json"))
    assert sum(row["kind"] == "task" for row in outline) == 200


def _loaded(store: Path) -> dict[str, int]:
    """文号 → task count of the documents loaded from files."""
    documents = json.loads(_run("documents", "--store", str(store), "--format", "json"))
    return {row["doc_number"]: row["task_count"] for row in documents if row["status"] == "loaded"}


def _place(source: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS / source, target)
    return target.parent.parent


# the same parent folder and file name, different files (DESIGN.md §1, counted by hand)
YONGCHUAN = ("yongchuan_2022_green_lowcarbon_task_list.txt", {"永川府办发〔2022〕14号": 96})
NANCHUAN = ("nanchuan_2022_gazette_issue5.txt",
            {"南川府发〔2022〕33号": 0, "南川府发〔2022〕34号": 34})
SHIZHU_TASKS = 23  # the 石柱县 measures have no 文号


def test_different_files_of_the_same_folder_and_file_name_are_two_sources(tmp_path: Path) -> None:
    a = _place(YONGCHUAN[0], tmp_path / "a" / "2023" / "通知.txt")
    b = _place(NANCHUAN[0], tmp_path / "b" / "2023" / "通知.txt")
    together, apart = tmp_path / "together", tmp_path / "apart"
    built = _run("build", str(a), str(b), "--store", str(together))
    # the two rows of the summary name the files apart
    assert f"{a}/2023/通知.txt" in built and f"{b}/2023/通知.txt" in built
    _run("build", str(a), "--store", str(apart))
    _run("build", str(b), "--store", str(apart))  # one after another: b must not replace a
    for store in (together, apart):
        assert _loaded(store) == YONGCHUAN[1] | NANCHUAN[1]
        assert _run("sparql", SOURCES, "--store", str(store), "--format", "csv") == "n\n2\n"


def test_a_changed_file_replaces_its_own_graph_not_its_namesakes(tmp_path: Path) -> None:
    a = _place(YONGCHUAN[0], tmp_path / "a" / "2023" / "通知.txt")
    b = _place(NANCHUAN[0], tmp_path / "b" / "2023" / "通知.txt")
    store = tmp_path / "store"
    _run("build", str(a), str(b), "--store", str(store))
    _place("shizhu_2022_green_lowcarbon_measures.txt", b / "2023" / "通知.txt")  # b edited
    again = _run("build", str(b), str(a), "--store", str(store))
    assert "(unchanged)" in again  # a
    assert _loaded(store) == YONGCHUAN[1] | {None: SHIZHU_TASKS}
    # the same content found in a third folder is the file already loaded, not a third source
    _place(YONGCHUAN[0], tmp_path / "c" / "2023" / "通知.txt")
    _run("build", str(tmp_path / "c"), "--store", str(store))
    assert _run("sparql", SOURCES, "--store", str(store), "--format", "csv") == "n\n2\n"
    assert _loaded(store) == YONGCHUAN[1] | {None: SHIZHU_TASKS}
