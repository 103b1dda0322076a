"""The generated pages without a browser: self-contained, escaped, counted; and the viz commands.

Counts come from the query fixture (tests/data/queries/fixture.trig), worked by hand:
- agencies: 9 agencies with tasks (永川区 6, 綦江区 3; the two 人民政府 issuers have none), 8 edges
  (永川区: 发改委–生态环境局, 生态环境局–经信委, 生态环境局–国资中心, 经信委–国资中心 (2 tasks),
  生态环境局–住建委, 生态环境局–人行永川中心支行; 綦江区: the proposal task's lead 发改委 with each of
  its 2 co-handlers, who are not joined to each other);
- 永川区 区生态环境局 alone: itself, its 4 tasks, the 5 agencies sharing them; 9 task–agency links;
- lineage: 7 documents + 1 proposal + 4 sections, 7 relations + 4 part-of links;
- lineage of 国发〔2021〕4号: it, 渝府发〔2021〕31号 and the two 永川区 documents, their 4 sections;
- with --clauses: 2 clause nodes (（二） and （五）… of 国发〔2021〕4号) and 2 section → clause edges.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.viz.agencies import agencies_view
from policykg.viz.page import View
from tests.support.fixture import fixture_store

DATA = Path(__file__).parent.parent / "data" / "viz"
HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">&amp;'


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_store(tmp_path_factory.mktemp("viz") / "store")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("args", "nodes", "edges"), [
    (["agencies"], 9, 8),
    (["agencies", "--district", "綦江区"], 3, 2),
    (["agencies", "--agency", "区生态环境局", "--district", "永川区"], 10, 9),
    (["agencies", "--agency", "重庆市綦江区生态环境局"], 4, 3),
    (["lineage"], 12, 11),
    (["lineage", "--doc", "国发[2021]4号"], 8, 8),
    # the two accepted section links of the fixture: two clauses of 国发〔2021〕4号, two edges
    (["lineage", "--clauses"], 14, 13),
])
def test_viz_commands_write_pages(store: Path, tmp_path: Path, args: list[str], nodes: int,
                                  edges: int) -> None:
    out = tmp_path / "sub" / "view.html"
    code, stdout, stderr = run("viz", *args, "--store", str(store), "-o", str(out))
    assert code == 0, stderr
    assert stdout == ""
    assert f"({nodes} nodes, {edges} edges)" in stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<html>") and page.rstrip().endswith("</html>")


@pytest.mark.parametrize(("args", "message"), [
    (["agencies", "--agency", "区生态环境局"], "matches 2 agencies"),
    (["agencies", "--agency", "区生态环境厅"], "closest: 重庆市"),
    (["agencies", "--agency", "区人民政府"], "永川区/人民政府 is responsible for no task"),
    (["agencies", "--district", "北京"], "no documents of 北京 in the graph"),
    (["lineage", "--doc", "国发〔2099〕1号"], "no document"),
])
def test_viz_user_errors_are_one_sentence(store: Path, tmp_path: Path, args: list[str],
                                          message: str) -> None:
    code, _, stderr = run("viz", *args, "--store", str(store), "-o", str(tmp_path / "x.html"))
    assert code == 1
    assert message in stderr and "Traceback" not in stderr
    assert not (tmp_path / "x.html").exists()


def test_missing_store_is_a_user_error(tmp_path: Path) -> None:
    code, _, stderr = run("viz", "lineage", "--store", str(tmp_path / "none"), "-o",
                          str(tmp_path / "x.html"))
    assert code == 1 and stderr.startswith("Error:")


def test_every_viz_command_has_help() -> None:
    for args in (["viz"], ["viz", "agencies"], ["viz", "lineage"]):
        code, stdout, _ = run(*args, "-h")
        assert code == 0 and "Usage:" in stdout
    code, stdout, _ = run("viz", "agencies", "--help")
    assert all(o in stdout for o in ("--district", "--agency", "--store", "--endpoint", "-o"))


def hostile_links() -> list[dict]:
    links = json.loads((DATA / "links.json").read_text(encoding="utf-8"))["links"]
    for row in links[:3]:
        row["text"] = "任务" + HOSTILE
    links[0]["agency_name"] = "区" + HOSTILE + "局"
    return links


def test_page_needs_no_network() -> None:
    page = agencies_view(hostile_links()).html
    # no src/href to anything but the page itself; no CDN anywhere
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page) == []
    assert "cdn.jsdelivr.net" not in page and "cdnjs.cloudflare.com" not in page
    assert "vis-network" in page  # the library is in the page itself


def test_document_text_never_appears_as_markup() -> None:
    page = agencies_view(hostile_links()).html
    assert "window.pwned" in page  # the text is there …
    assert "<script>window.pwned" not in page  # … but never as markup
    assert "<img src=x" not in page
    data = re.search(r'<script type="application/json" id="pkg-data">(.*?)</script>', page, re.S)
    assert data is not None
    assert not set("<>&") & set(data.group(1))
    parsed = json.loads(data.group(1))
    assert parsed["tasks"][0][2] == "任务" + HOSTILE  # round-trips exactly
    names = [a["n"] for a in parsed["agencies"].values()]
    assert "区" + HOSTILE + "局" in names


def test_views_show_in_jupyter() -> None:
    view = agencies_view(hostile_links())
    assert isinstance(view, View)
    shown = view._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and shown.endswith("</iframe>")
    # the whole page sits in one attribute: no raw quote or tag can end it early
    inner = shown[len('<iframe srcdoc="'):shown.index('" style=')]
    assert '"' not in inner and "<" not in inner


def test_strongest_edges_kept_when_capped() -> None:
    view = agencies_view(json.loads((DATA / "links.json").read_text(encoding="utf-8"))["links"],
                         max_edges=3)
    assert (view.node_count, view.edge_count) == (8, 3)
    data = json.loads(re.search(r'id="pkg-data">(.*?)</script>', view.html, re.S).group(1))
    # 8 pairs less 生态环境局–住建委 of 綦江区, two co-handlers of one reply
    assert (data["edgesShown"], data["edgesTotal"], data["minWeight"]) == (3, 7, 2)


def test_lineage_places_the_sections_of_a_document_of_no_district(tmp_path: Path) -> None:
    # an untitled excerpt with no 文号 (level unknown) holding sections: its sections had no
    # position and `viz lineage` failed with a KeyError on the development set
    folder = tmp_path / "in"
    folder.mkdir()
    text = Path(__file__).resolve().parents[2] / "data/corpus/realworld/xianyang_fangguanfu_2022_trad.txt"
    (folder / text.name).write_bytes(text.read_bytes())
    store, page = tmp_path / "store", tmp_path / "lineage.html"
    CliRunner().invoke(cli, ["build", str(folder), "--store", str(store)])
    result = CliRunner().invoke(cli, ["viz", "lineage", "-o", str(page), "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    # its first section, as written (in traditional script: 堅持系統集成，推動審批全鏈條最佳化)
    assert "坚持系统集成,推动审批全链条最佳化" in page.read_text(encoding="utf-8")


def test_lineage_draws_a_loaded_city_document_with_its_sections_above_the_districts(
    tmp_path: Path,
) -> None:
    # 菏政办字〔2023〕1号 of 菏泽市 (a city: 市级) and 蔡政办〔2023〕1号 of 武汉市蔡甸区 (区县)
    folder = tmp_path / "in"
    folder.mkdir()
    texts = Path(__file__).resolve().parents[2] / "data/corpus/realworld"
    for name in ("heze_xjdn_fengong_2023.txt", "caidian_fenjie_2023.txt"):
        (folder / name).write_bytes((texts / name).read_bytes())
    store, page = tmp_path / "store", tmp_path / "lineage.html"
    CliRunner().invoke(cli, ["build", str(folder), "--store", str(store)])
    result = CliRunner().invoke(cli, ["viz", "lineage", "-o", str(page), "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="pkg-data">(.*?)</script>', html, re.S).group(1))
    node = {d["doc_number"]: n for n, d in data["docs"].items() if d["status"] == "loaded"}
    assert data["docs"][node["菏政办字〔2023〕1号"]]["level"] == "市级 municipal"
    assert data["docs"][node["蔡政办〔2023〕1号"]]["level"] == "区县 district"
    # the city's shelf above the district's, each document with its sections under it
    shelf = {doc: n for n, (_, _, docs) in enumerate(data["shelves"]) for doc in docs}
    assert shelf[node["菏政办字〔2023〕1号"]] < shelf[node["蔡政办〔2023〕1号"]]
    sections = {s[0] + s[1] for s in data["sections"].values() if s[2] == "菏政办字〔2023〕1号"}
    assert {"一、高度重视,认真研究政策", "二、压实责任,推动工作落实",
            "三、加强督导,健全推进机制"} <= sections
