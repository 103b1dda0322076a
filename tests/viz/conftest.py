"""The browser shared by a module's browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import offline_chromium


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless, offline Chromium context per test module."""
    with offline_chromium() as context:
        yield context
