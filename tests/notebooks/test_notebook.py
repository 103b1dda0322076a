"""The analyst walkthrough notebook: stored without outputs, and run top to bottom with nbclient.

The kernel is this test's own Python (the project's .venv under `make test`): a kernelspec naming
``sys.executable`` is written to a temporary Jupyter path, so no kernel installed elsewhere on the
machine is used. The notebook's own cells assert facts known from the documents; a failing cell
fails the test. The chart is kept in tests/artifacts/ to be looked at.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.notebook

REPO = Path(__file__).resolve().parent.parent.parent
NOTEBOOK = REPO / "notebooks" / "analyst_walkthrough.ipynb"
ARTIFACTS = REPO / "tests" / "artifacts" / "notebook"
KERNEL = "policykg-venv"


def test_stored_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code) >= 15
    for cell in code:
        assert cell.outputs == [], f"stored with outputs: {cell.source[:60]!r}"
        assert cell.execution_count is None
    assert "widgets" not in notebook.metadata


def test_headings_in_chinese_and_english() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    headings = [line for c in notebook.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    assert len(headings) >= 9
    for heading in headings:
        assert "·" in heading and any("\u4e00" <= ch <= "\u9fff" for ch in heading), heading
        assert any(ch.isascii() and ch.isalpha() for ch in heading), heading


def kernel_of_this_python(folder: Path) -> None:
    """A kernelspec that starts ipykernel with this very interpreter."""
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "policykg (test interpreter)", "language": "python",
    }), encoding="utf-8")


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    work = tmp_path_factory.mktemp("notebook")
    kernel_of_this_python(work / "jupyter")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTER_PATH", str(work / "jupyter"))
        env.setenv("JUPYTER_RUNTIME_DIR", str(work / "runtime"))
        env.setenv("POLICYKG_NOTEBOOK_STORE", str(work / "store"))
        env.setenv("POLICYKG_NOTEBOOK_OUT", str(ARTIFACTS))
        client = NotebookClient(notebook, kernel_name=KERNEL, timeout=600,
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()  # raises CellExecutionError, naming the cell, when any cell fails
    return notebook


def outputs_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.outputs:
        parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts += [data.get("text/plain", ""), data.get("text/markdown", "")]
    return "".join(parts)


def test_runs_top_to_bottom_in_this_venv(executed: nbformat.NotebookNode) -> None:
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert f"kernel: {sys.prefix}" in outputs_text(code[0])


def test_chart_is_drawn_with_a_cjk_font(executed: nbformat.NotebookNode) -> None:
    chart = ARTIFACTS / "agency_workload.png"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.stat().st_size > 20_000
    font_cell = next(c for c in executed.cells if "def use_cjk_font" in c.source)
    assert "NotoSansCJK" in outputs_text(font_cell)
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs)


def test_views_are_shown_inline_and_saved(executed: nbformat.NotebookNode) -> None:
    code = [c for c in executed.cells if c.cell_type == "code"]
    inline = [o["data"]["text/html"] for c in code for o in c.outputs
              if "text/html" in o.get("data", {}) and "<iframe srcdoc=" in o["data"]["text/html"]]
    assert len(inline) == 3  # agency network, one agency's focus, lineage
    for name in ("agencies_永川区.html", "focus_区生态环境局.html", "lineage_永川府办发-2022-14.html"):
        page = (ARTIFACTS / name).read_text(encoding="utf-8")
        assert "<script" in page and "区" in page


def test_comparison_tables_are_in_the_outputs(executed: nbformat.NotebookNode) -> None:
    text = "".join(outputs_text(c) for c in executed.cells if c.cell_type == "code")
    assert "62% (2025)" in text and "≥26万千瓦*" in text
    assert "区城市管理局 2" in text
    assert "（未设定）none set" in text  # the CLI's markdown comparison


def test_frames_without_pandas_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from policykg.queries.frames import to_dataframe

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'policykg\[notebook\]'"):
        to_dataframe([{"district": "永川区"}])


def test_frames_keep_declared_columns_when_empty(tmp_path: Path) -> None:
    from tests.support.fixture import fixture_store

    from policykg.queries.frames import sparql_frame
    from policykg.queries.source import open_source

    source = open_source(fixture_store(tmp_path / "store"))
    empty = sparql_frame(source, "tasks-mentioning", text_contains="不存在的词")
    assert list(empty.columns)[:3] == ["district", "doc", "doc_number"] and empty.empty
    numbered = sparql_frame(source, "SELECT DISTINCT ?t ?wanted WHERE "
                            "{ ?t <https://w3id.org/policykg/ontology#number> ?wanted }", wanted="1.")
    assert numbered.t.tolist() == ["https://w3id.org/policykg/doc/永川府发-2023-5/task/1"]
