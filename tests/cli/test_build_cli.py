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


def copies(folder: Path, times: int) -> Path:
    """The corpus copied ``times`` times with distinct 文号 years (each copy its own documents)."""
    folder.mkdir()
    for n in range(times):
        for path in sorted(CORPUS.glob("*.txt")):
            text = path.read_text(encoding="utf-8").replace("〔2022〕", f"〔{2100 + n}〕")
            (folder / f"{n:02d}_{path.name}").write_text(text, encoding="utf-8")
    return folder


def test_jobs_on_dask_build_the_same_graph_and_a_rerun_skips_every_file(tmp_path: Path) -> None:
    folder = copies(tmp_path / "in", 3)
    graphs = []
    for jobs in ("1", "2"):
        store = tmp_path / f"store{jobs}"
        result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(store), "-j", jobs])
        assert result.exit_code == 0, result.output
        exported = CliRunner().invoke(cli, ["export", "--format", "nq", "--store", str(store)])
        graphs.append(exported.stdout)
    assert graphs[0] == graphs[1]
    # 石柱县's measures carry no 文号 to change: its three copies are one file, loaded once
    again = CliRunner().invoke(cli, ["build", str(folder), "--store", str(tmp_path / "store2")])
    rows = [line for line in again.stdout.splitlines() if ".txt" in line]
    assert len(rows) == 15
    assert sum("(unchanged)" in row for row in rows) == 13
    assert sum("(same content as" in row for row in rows) == 2
    assert "01_shizhu_2022_green_lowcarbon_measures.txt (same content as" in again.stdout


def test_store_paths_that_cannot_hold_a_store_are_one_sentence(tmp_path: Path) -> None:
    target = tmp_path / "store"
    target.write_text("not a store")
    result = CliRunner().invoke(cli, ["build", str(QIJIANG), "--store", str(target)])
    assert result.exit_code == 2  # click checks the option before the build starts
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--store': Directory '{target}' is a file."
    )
    assert target.read_text() == "not a store"
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.tex").write_text("\\section{}")
    result = CliRunner().invoke(cli, ["build", str(QIJIANG), "--store", str(foreign)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {foreign} is not a policykg store: it holds chapter1.tex; "
                             "choose an empty or new folder\n")


def test_a_folder_without_policy_files_is_one_sentence_not_an_empty_table(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.md").write_text("# not a policy file\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == (f"No files to build in {folder}: none ends in .txt .text .docx .doc "
                             ".wps .rtf .pdf .html .htm .ofd.\n")


def test_an_output_name_that_is_not_utf8_is_shown_with_its_bytes(corpus_store: str,
                                                                  tmp_path: Path) -> None:
    import os

    target = os.fsdecode(os.fsencode(tmp_path) + b"/graph\xff.nt")
    result = CliRunner().invoke(cli, ["export", "--format", "nt", "--store", corpus_store,
                                      "-o", target])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"wrote {tmp_path}/graph\\xff.nt (")
    assert "綦发改函〔2022〕140号" in Path(target).read_text(encoding="utf-8")
