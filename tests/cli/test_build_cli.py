"""policykg build / validate through click's CliRunner, on the bundled corpus and bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "data" / "corpus" / "chongqing"
QIJIANG = CORPUS / "qijiang_2022_proposal_reply.txt"


@pytest.mark.parametrize("command", ["build", "export", "validate"])
def test_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "-h"])
    assert result.exit_code == 0 and "--store" in result.stdout


def test_build_prints_a_summary_per_file_and_validate_conforms(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--store", str(store)])
    assert result.exit_code == 0, result.output
    lines = {
        line.split()[1]: line.split()[3:9:2]
        for line in result.stdout.splitlines()
        if ".txt" in line
    }
    # documents, tasks, assignments … per file; the 永川 task list: 1 document, 96 tasks
    assert lines["yongchuan_2022_green_lowcarbon_task_list.txt"][:2] == ["1", "96"]
    assert lines["nanchuan_2022_gazette_issue5.txt"][:2] == ["2", "34"]
    assert "total" in result.stdout and "200" in result.stdout
    checked = CliRunner().invoke(cli, ["validate", "--store", str(store)])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == ""


def test_a_bad_file_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(QIJIANG, folder)
    (folder / "menu.txt").write_text("午餐菜单：米饭、青菜、豆腐汤\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\xd8\x00\xd8" * 3)
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(store)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any(str(folder / "menu.txt") in e for e in errors)
    assert any(str(folder / "broken.txt") in e for e in errors)
    exported = CliRunner().invoke(cli, ["export", "--format", "nt", "--store", str(store)])
    assert "綦发改函〔2022〕140号" in exported.stdout


def test_validate_reports_violations_and_fails(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from policykg.graph.store import live_dir, write_store
    from tests.data.graph_build.records import QIJIANG as RECORDS

    write_store([RECORDS], tmp_path)
    # break the live store behind the build's back: a task without text
    store = ox.Store(str(live_dir(tmp_path)))
    task = ox.NamedNode("https://w3id.org/policykg/doc/綦发改函-2022-140/task/1")
    text = ox.NamedNode("https://w3id.org/policykg/ontology#text")
    for quad in list(store.quads_for_pattern(task, text, None)):
        store.remove(quad)
    store.flush()
    del store
    result = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path)])
    assert result.exit_code == 1
    assert "task/1> text: a task has exactly one non-empty text [TaskShape]" in result.stdout
    assert "1 violation" in result.stderr


def test_missing_store_is_one_sentence(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "run `policykg build` first" in result.stderr
