"""Shared fixtures of the signals tests: the fitted default analyzers (loaded once)."""

from __future__ import annotations

import pytest

from goodword.signals.registry import default_analyzers


@pytest.fixture(scope="session")
def analyzers() -> list:
    return default_analyzers()
