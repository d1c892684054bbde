"""The OpenAI Batch API file format (also read and written by ``vllm run-batch``): the request line
the live whole-article strategy would send for an article, and how a results line is read back into
a Draft, exactly as a live call's answer would be. It lives beside the backends because it builds
their prompts and parses their answers; walking the folder, writing the files, the index and running
the import belong to the batch runner (``summarizer._batch.openai_batch``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .._models import Draft
from ._answers import LLMBrief
from .._prompts import DEFAULT_PROMPT_VERSION
from .._segment import Document
from ._base import Backend, BackendError, CallStats

OPENAI_BATCH_URL = "/v1/chat/completions"
IMPORT_BACKEND_NAME = "openai-batch"


def openai_batch_body(document: Document, model: str, prompt_version: str = DEFAULT_PROMPT_VERSION) -> dict:
    """The chat request the live whole-article strategy sends for this document."""
    from ._llm import LLMSettings
    from ._strategies import WHOLE_ARTICLE_MAX_TOKENS, whole_article_messages

    return {
        "model": model,
        "messages": whole_article_messages(document, prompt_version),
        "response_format": {"type": "json_schema",
                            "json_schema": {"name": "LLMBrief", "schema": LLMBrief.model_json_schema()}},
        "temperature": LLMSettings.temperature,  # the live caller's sampling default
        "max_tokens": WHOLE_ARTICLE_MAX_TOKENS,
    }


def openai_batch_request(custom_id: str, document: Document, model: str,
                         prompt_version: str = DEFAULT_PROMPT_VERSION) -> dict:
    """One line of a requests file; ``custom_id`` is what a results line names it by."""
    return {"custom_id": custom_id, "method": "POST", "url": OPENAI_BATCH_URL,
            "body": openai_batch_body(document, model, prompt_version)}


@dataclass
class BatchAnswer:
    """One result line: a chat completion, or why there is none."""

    custom_id: str  # "line N" for a line too broken to name one
    completion: dict | None = None
    error: str | None = None
    malformed: bool = False


def parse_result_line(line: str, number: int) -> BatchAnswer:
    """Read one results line, in OpenAI's (and current vLLM's) shape or older vLLM's.

    OpenAI: ``{"custom_id", "response": {"status_code", "body": <chat completion>}, "error"}``;
    older ``vllm run-batch``: ``"response"`` is the chat completion itself.
    """
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return BatchAnswer(f"line {number}", error=f"not JSON ({error.msg})", malformed=True)
    if not isinstance(data, dict) or not isinstance(data.get("custom_id"), str):
        return BatchAnswer(f"line {number}", error="no custom_id", malformed=True)
    answer = BatchAnswer(data["custom_id"])
    response = data.get("response")
    if data.get("error"):
        answer.error = _error_text(data["error"])
    elif not isinstance(response, dict):
        answer.error = "no response"
    elif "choices" in response:  # older vLLM: the response is the completion
        answer.completion = response
    elif response.get("status_code", 200) != 200:
        reason = _error_text((response.get("body") or {}).get("error"))
        answer.error = f"HTTP {response.get('status_code')}: {reason}"
    elif isinstance(response.get("body"), dict):
        answer.completion = response["body"]
    else:
        answer.error = "no response body"
    return answer


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        text = error.get("message") or json.dumps(error)
        return f"{error['code']}: {text}" if error.get("code") else str(text)
    return " ".join(str(error).split()) if error else "unknown error"


class AnsweredBackend(Backend):
    """A Backend whose one whole-article call the Batch API already made: extract() parses its answer.

    Passed to ``_pipeline.run``, so grounding and assembly are exactly those of a live run.
    """

    name = IMPORT_BACKEND_NAME
    strategy = "whole-article"
    needs_candidates = False

    def __init__(self, completion: dict, prompt_version: str = DEFAULT_PROMPT_VERSION):
        super().__init__()
        self.completion = completion
        self.model = completion.get("model")
        self.prompt_version = prompt_version

    def extract(self, document, candidates, stats: CallStats) -> Draft:
        from pydantic import ValidationError

        from ._strategies import draft_from_llm_brief

        usage = self.completion.get("usage") or {}
        stats.attempts = 1
        stats.tokens.add(usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0)
        choices = self.completion.get("choices") or [{}]
        if choices[0].get("finish_reason") == "length":
            raise BackendError("the model's output was truncated at max_tokens; the answer is incomplete")
        content = (choices[0].get("message") or {}).get("content")
        if not content:
            raise BackendError("the result holds no answer")
        try:
            return draft_from_llm_brief(LLMBrief.model_validate_json(content))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ())) or "answer"
            reason = f"the model's answer is not a valid brief ({where}: {first.get('msg')})"
            raise BackendError(reason) from None
