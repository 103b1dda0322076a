"""Agency keys strip the issuing place at any level of any province (issue 12)."""

from __future__ import annotations

import pytest

from policykg.graph.iris import strip_district_prefix


@pytest.mark.parametrize(
    ("name", "district", "key"),
    [
        ("重庆市永川区生态环境局", "永川区", "生态环境局"),
        ("武汉市教育局", "武汉市", "教育局"),
        ("湖北省武汉市江岸区人民政府", "江岸区", "人民政府"),
        ("河南省财政厅", "河南省", "财政厅"),
        ("新密市城镇化服务中心", "新密市", "城镇化服务中心"),
        ("内蒙古自治区住房和城乡建设厅", "内蒙古自治区", "住房和城乡建设厅"),
    ],
)
def test_place_prefix_is_stripped(name: str, district: str, key: str) -> None:
    assert strip_district_prefix(name, district) == key


def test_a_name_of_another_place_is_kept() -> None:
    assert strip_district_prefix("武汉市教育局", "江岸区") == "武汉市教育局"
