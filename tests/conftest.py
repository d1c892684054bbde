from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "seeds" / "000_c9bcf58343b8f793.txt"
SEED_003 = ROOT / "seeds" / "003_25786f08469f8fca.txt"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    # Response caches never leak between tests or into the user's cache.
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def root() -> Path:
    return ROOT
