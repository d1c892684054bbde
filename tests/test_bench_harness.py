"""The benchmarks' fake server (bench/_common.py) answers like an OpenAI endpoint, on time.

The concurrency benchmark blames every millisecond between request and answer on the client, so
the harness's own server must answer a valid brief after exactly its delay and say how late it was.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from _common import FakeServer  # noqa: E402

from summarizer.backends._answers import LLMBrief  # noqa: E402

ARTICLE = ("Officials said on Monday that 2,50,000 residents were stuck in the valley. "
           "The mayor said the roads would reopen within a week, according to the statement.")


def ask(base_url: str) -> tuple[float, dict]:
    body = {"model": "fake-model", "messages": [{"role": "user", "content": f"<article>\n{ARTICLE}\n</article>"}]}
    started = time.perf_counter()
    answer = httpx.post(f"{base_url}/chat/completions", json=body, timeout=10).json()
    return time.perf_counter() - started, answer


def test_answers_a_valid_brief_after_its_delay_and_reports_how_late():
    delay = 0.3
    with FakeServer(delay) as server:
        assert httpx.get(f"{server.base_url}/models", timeout=5).json()["data"][0]["id"] == "fake-model"
        with ThreadPoolExecutor(8) as pool:  # answers due together still leave on time
            results = list(pool.map(lambda _: ask(server.base_url), range(8)))
        stats = server.stats()
    for seconds, answer in results:
        assert delay <= seconds < delay + 1.0  # generous: a loaded 2-core machine delays threads
        brief = LLMBrief.model_validate_json(answer["choices"][0]["message"]["content"])
        assert brief.figures and brief.figures[0].raw == "2,50,000"
    assert stats["requests"] == 8
    assert 0 <= stats["late_s_max"] < 0.5 and stats["late_s_sum"] <= 8 * stats["late_s_max"]
