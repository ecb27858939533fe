"""Fixtures for the program tests."""

from __future__ import annotations

import pytest
from program_helpers import Builder

from goodword.store import Store


@pytest.fixture
def build(store: Store):
    """A function that runs a block of inserts in one transaction: build(lambda b: ...)."""

    def run(fn):
        with store.begin() as conn:
            return fn(Builder(conn))

    return run
