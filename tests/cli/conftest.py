"""The command line's tests: a data dir of their own."""

from __future__ import annotations

import pytest


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"
