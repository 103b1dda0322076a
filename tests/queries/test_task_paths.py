"""Tasks named by their path as written in the target and comparison reports, on the corpus.

Read by hand: 南川府发〔2022〕34号 item 21. (改善城乡人居环境, under 三、健全绿色发展支撑体系 and
（三）构建绿色低碳的现代化基础设施体系) ends "到 2025 年，……农村生活污水治理率达到 40% 以上"; 永川府办发
〔2022〕14号 row 76 sits under 四、 and （十五）改善城乡人居环境; 永川府发〔2023〕5号 item 3. (提高农村
污水垃圾处理能力) under 三、 and （五）农业农村节能减排工程.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from policykg.cli import cli


def _json(store: str, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--store", store, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_targets_name_the_task_by_its_path(corpus_store: str) -> None:
    rows = _json(corpus_store, "targets", "--indicator", "农村生活污水治理率")
    # all three write 农村生活污水治理率达到40% (南川: "达到 40% 以上")
    assert {(r["doc_number"], r["path"], r["value"]) for r in rows} == {
        ("南川府发〔2022〕34号", "三（三）21", 40),
        ("永川府办发〔2022〕14号", "四（十五）76", 40),
        ("永川府发〔2023〕5号", "三（五）3", 40),
    }


def test_a_table_row_has_no_task_path(corpus_store: str) -> None:
    rows = _json(corpus_store, "targets", "--indicator", "森林覆盖率")
    table = [r for r in rows if r["kind"] == "table"]
    assert table and all(r["path"] is None for r in table)


def test_compare_states_where_each_target_is_written(corpus_store: str) -> None:
    result = CliRunner().invoke(cli, ["compare", "--indicator", "农村生活污水治理率",
                                      "--store", corpus_store])
    assert result.exit_code == 0, result.stderr
    assert "task 三（三）21" in result.stdout and "task 四（十五）76" in result.stdout


def test_a_dash_heading_adds_nothing_to_a_path(tmp_path) -> None:
    # 武汉's responsibility list (real-world development text): items 88.–95. sit under the
    # heading "——不断增强城市功能", which has no number; 92. reads
    # "打通断头路20条。(牵头单位:市城建局;责任单位:各区人民政府)"
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent.parent / "data" / "corpus" / "realworld"
            / "wuhan_city_gzbg_fenjie_2023_mirror_p5.txt")
    store = str(tmp_path / "store")
    assert CliRunner().invoke(cli, ["build", str(text), "--store", store]).exit_code == 0
    rows = _json(store, "search", "断头路")
    assert [(r["path"], r["agencies"]) for r in rows] == [("92", "市城建局（lead）")]
