"""The answers the model backends ask a model to fill, sent to it as JSON Schema.

These are not the brief: each backend turns its answers into a ``Draft`` (``_models``) that the
pipeline grounds. Arrays and strings are bounded: at temperature 0 a small model loops forever on
unbounded arrays.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, Field, ValidationError, ValidationInfo, create_model, field_validator

from .._models import StatementKind


class AnswerContext(dict):
    """The validation context of one call, for instructor's ``context=``; it never templates.

    instructor hands ``context`` to the pydantic validators, and also renders every message as a
    Jinja template whenever ``context`` is truthy (``handle_templating``: ``if not context``),
    with no switch to turn that off (567-labs/instructor#1288, #2669). Article text is data: "{{"
    or "{%" in an article must reach the model as written. So the mapping is falsy: instructor
    skips templating, and pydantic still passes it to validators as ``info.context``.
    (tests/test_llm_http.py sends an article with "{{ … }}" and "{% … %}" and checks the bytes.)
    """

    def __bool__(self) -> bool:
        return False


class _Answer(BaseModel):
    """An answer model whose JSON Schema is built once per class and argument set.

    instructor asks for the schema on every call and pydantic rebuilds it each time (about 2 ms
    for LLMBrief, a fifth of the client's CPU per article in a batch). Callers get a copy, so
    nobody can alter the cached one.
    """

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        key = (cls, args, tuple(sorted(kwargs.items(), key=lambda item: item[0])))
        cached = _SCHEMAS.get(key)
        if cached is None:
            cached = _SCHEMAS[key] = json.dumps(super().model_json_schema(*args, **kwargs))
        return json.loads(cached)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, *, strict: bool | None = None,
                            context: Any = None, **kwargs: Any):
        """Also reads JSON whose strings hold raw control characters (a line break written as is).

        JSON forbids them and pydantic refuses them, but a small model writes them now and then,
        and nothing in the answer is lost by reading them as Python's ``json`` does with
        ``strict=False``. Anything else that is not JSON still fails, and is re-asked."""
        try:
            return super().model_validate_json(json_data, strict=strict, context=context, **kwargs)
        except ValidationError as error:
            if not any(problem["type"] == "json_invalid" for problem in error.errors()):
                raise
            try:
                data = json.loads(json_data, strict=False)
            except ValueError:
                raise error from None
            return cls.model_validate(data, strict=strict, context=context)


_SCHEMAS: dict[tuple, str] = {}
_INSTRUCTOR_READY: dict[type, type] = {}


def instructor_ready(model: type[BaseModel]) -> type[BaseModel]:
    """The answer model as instructor takes it without wrapping it again: a ResponseSchema.

    instructor wraps a plain pydantic model in a fresh ResponseSchema subclass on every call
    (pydantic.create_model, about 1.8 ms, and a new class no schema cache could keep) and uses a
    model that already is one as it is. So each fixed answer model is wrapped once, with
    instructor's public ``response_schema``; a model built per call (``speaker_choices_model``)
    is left to instructor."""
    if not issubclass(model, _Answer):
        return model
    ready = _INSTRUCTOR_READY.get(model)
    if ready is None:
        import instructor

        ready = _INSTRUCTOR_READY[model] = instructor.response_schema(model)  # a race builds it twice, harmlessly
    return ready


class LLMStatement(_Answer):
    speaker: str = Field(max_length=120, description="Name of the person or body who said it, as in the article.")
    kind: StatementKind
    quote: Optional[str] = Field(
        default=None, max_length=600, description="Exact words inside quotation marks in the article, else null."
    )
    text: str = Field(max_length=600, description="What was said, in the article's words.")
    addressee: Optional[str] = Field(default=None, max_length=120, description="For appeals: to whom.")
    request: Optional[str] = Field(default=None, max_length=300, description="For appeals: what was asked.")
    alleged_by: Optional[str] = Field(
        default=None, max_length=120, description="For denials: who made the claim being denied."
    )


class LLMFigure(_Answer):
    raw: str = Field(max_length=60, description="The number exactly as written, e.g. '2,50,000'.")
    what: str = Field(max_length=100, description="What the number counts, in a few words from the article.")


class LLMBrief(_Answer):
    """Whole-article extraction, for strong models."""

    summary: str = Field(max_length=900, description="2-4 neutral sentences.")
    key_points: list[str] = Field(default_factory=list, max_length=5)
    statements: list[LLMStatement] = Field(default_factory=list, max_length=25)
    figures: list[LLMFigure] = Field(default_factory=list, max_length=20)


class LLMSummary(_Answer):
    summary: str = Field(max_length=500, description="2 neutral sentences.")
    key_points: list[Annotated[str, Field(max_length=90)]] = Field(default_factory=list, max_length=3)


def _quote_check(value: Optional[str], info: ValidationInfo) -> Optional[str]:
    """Re-ask once when a 'quote' is not verbatim; on the second answer let grounding demote it.

    Reads ``quote_is_verbatim`` and ``strict_quotes`` from the call's AnswerContext (falsy by
    design, hence the ``is None`` test)."""
    context = info.context if info.context is not None else {}
    check = context.get("quote_is_verbatim")
    if value and check is not None and context.get("strict_quotes", True) and not check(value):
        context["strict_quotes"] = False  # only one re-ask for paraphrased quotes
        raise ValueError(
            "quote must be words copied exactly from inside quotation marks in the article; "
            "copy them exactly or set quote to null and put the paraphrase in text"
        )
    return value


class LLMStatementChecked(LLMStatement):
    _check_quote = field_validator("quote")(_quote_check)


class LLMBriefChecked(LLMBrief):
    """LLMBrief whose quotes are checked against the article during validation (see _quote_check)."""

    statements: list[LLMStatementChecked] = Field(default_factory=list, max_length=25)


def speaker_choices_model(candidate_numbers: list[int], names: list[str]) -> type[BaseModel]:
    """The decomposed attribution answer: for each ambiguous candidate [Cn], who said it.

    Each answer is a JSON Schema enum of the names found in the article (plus "unknown"), which
    the server's grammar enforces. The model therefore cannot return a speaker the article does
    not name (say, one leaked from an example), and each answer costs only a few tokens, which
    matters at ~10 generated tokens/s on two CPU cores.
    """
    choices = tuple(dict.fromkeys([*names, "unknown"]))
    fields = {f"C{n}": (Literal[choices], ...) for n in candidate_numbers}  # type: ignore[valid-type]
    return create_model("SpeakerChoices", **fields)  # type: ignore[call-overload]


def figure_phrases_model(figure_numbers: list[int]) -> type[BaseModel]:
    """The figure-phrase answer: for each figure [Fn], what it counts, in a few words (checked
    afterwards against the figure's own sentence; a phrase not found there is not used)."""
    fields = {f"F{n}": (Annotated[str, Field(max_length=60)], ...) for n in figure_numbers}
    return create_model("FigurePhrases", **fields)  # type: ignore[call-overload]
