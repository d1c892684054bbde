"""Embedded backend: where the time of one summary call goes (prompt reading, writing, the JSON grammar).

Starts the bundled model's server once and sends the summary request of one article (default: the
726-word article of bench/embedded.py) several ways: first cold (the whole prompt read), then, with
the prompt cached by the server, with the schema grammar the backend uses, with the schema minus its
length limits, as plain `json_object`, and unconstrained. Prints prompt-reading and writing speeds;
tells whether the grammar or the prompt is what makes the ~35 s per article (issue 14's 20 s target).

Slow (two to three minutes) and CPU-bound: not in `run_all.py`; refuses to run beside a `summarizer
eval` unless --even-if-busy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from _common import FRESH_CORPUS, Report, eval_processes

DEFAULT_ARTICLE = FRESH_CORPUS / "2019-09-09_longtime-leader-of-zimbabwe-robert-mugabe-dies-aged-95.txt"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT_ARTICLE)
    parser.add_argument("--even-if-busy", action="store_true")
    args = parser.parse_args(argv)
    busy = eval_processes()
    if busy and not args.even_if_busy:
        sys.exit("a `summarizer eval` is running; try again later, or pass --even-if-busy.")

    import httpx

    from summarizer._ingest import read_article
    from summarizer._prompts import load_prompt
    from summarizer._segment import segment
    from summarizer.backends._answers import LLMSummary
    from summarizer.backends._llm import llama_cpp_response_format
    from summarizer.backends._strategies import prompt_article
    from summarizer.backends.embedded import MODEL_ALIAS, EmbeddedServer, ServerSettings, ensure_model

    document = segment(read_article(args.article))
    messages = load_prompt("summary").messages(system=load_prompt("decomposed_system").system,
                                               article=prompt_article(document))
    schema_format = llama_cpp_response_format(LLMSummary)
    unlimited = json.loads(json.dumps(schema_format).replace('"maxLength"', '"x_maxLength"')
                           .replace('"maxItems"', '"x_maxItems"'))
    ways = [("cold, schema grammar (as the backend asks)", schema_format),
            ("cached prompt, schema grammar (as the backend asks)", schema_format),
            ("cached prompt, schema without length limits", unlimited),
            ("cached prompt, plain json_object", {"type": "json_object"}),
            ("cached prompt, no constraint", None)]
    report = Report("embedded_phases", "embedded backend: one summary call, prompt reading vs writing vs grammar",
                    {"article": str(args.article), "words": len(args.article.read_text(encoding="utf-8").split())})
    rows = []
    started = time.perf_counter()
    with EmbeddedServer(ServerSettings(model=ensure_model())) as server:
        report.figure("server start, model loaded", time.perf_counter() - started, "s", digits=1)
        for name, response_format in ways:
            body = {"model": MODEL_ALIAS, "messages": messages, "max_tokens": 260, "temperature": 0}
            if response_format:
                body["response_format"] = response_format
            wall = time.perf_counter()
            usage = httpx.post(f"{server.base_url}/chat/completions", json=body, timeout=900).json()["usage"]
            wall = time.perf_counter() - wall
            rows.append({"way": name, "wall_s": round(wall, 2), **usage})
            report.figure(f"{name}: wall", wall, "s", digits=1,
                          note=f"{usage['prompt_tokens']} prompt + {usage['completion_tokens']} completion tokens")
    cold, cached = rows[0], rows[1]
    writing = cached["completion_tokens"] / cached["wall_s"]
    reading = cold["prompt_tokens"] / max(0.1, cold["wall_s"] - cold["completion_tokens"] / writing)
    report.figure("writing speed (cached prompt, schema grammar)", writing, "tokens/s", digits=1)
    report.figure("prompt reading speed (cold call less its writing)", reading, "tokens/s", digits=1)
    report.details["calls"] = rows
    report.save()


if __name__ == "__main__":
    main()
