"""The views read through a SPARQL endpoint are the same pages as read from the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli

pytestmark = pytest.mark.server


@pytest.mark.parametrize("args", [
    ["agencies"],
    ["agencies", "--district", "永川区"],
    ["agencies", "--agency", "区生态环境局", "--district", "永川区"],
    ["lineage"],
    ["lineage", "--doc", "国发〔2021〕4号"],
])
def test_endpoint_gives_the_same_page(store: Path, endpoint: str, tmp_path: Path,
                                      args: list[str]) -> None:
    pages = []
    for source in (["--store", str(store)], ["--endpoint", endpoint]):
        out = tmp_path / f"{source[0][2:]}.html"
        result = CliRunner().invoke(cli, ["viz", *args, *source, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
