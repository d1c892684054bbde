"""Every pydantic model of the project: the brief (the public contract) and the eval gold format.

The brief's JSON Schema is exported to ``schemas/brief.schema.json`` and a test keeps it in sync;
field names here are a public contract, so rename nothing without bumping ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

StatementKind = Literal["claim", "denial", "appeal", "warning", "pledge", "other"]
MatchStage = Literal["exact", "normalized", "fuzzy"]
Comparator = Literal["about", "at least", "more than", "less than", "up to", "at most"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Strict):
    """A span of the article text: ``article_text[start:end] == text`` always holds."""

    start: int = Field(ge=0, description="Character offset (inclusive) into the article text.")
    end: int = Field(ge=0, description="Character offset (exclusive) into the article text.")
    text: str = Field(description="The article's own characters between start and end.")
    match: MatchStage = Field(
        default="exact", description="Which alignment stage located the span: exact, normalized or fuzzy."
    )


class ArticleInfo(_Strict):
    path: Optional[str] = Field(description="Path the article was read from; null for text passed in memory.")
    sha256: str = Field(description="SHA-256 of the article's raw bytes (of the UTF-8 text when passed in memory).")
    title: Optional[str] = Field(description="Headline, when one could be identified.")
    chars: int = Field(ge=0, description="Length of the article text that all offsets index into.")


class Actor(_Strict):
    id: str = Field(description="Stable id within this brief, e.g. 'a1'.")
    name: str = Field(description="Canonical name, the fullest form the article uses.")
    role: Optional[str] = Field(default=None, description="Role or affiliation, in the article's words.")
    aliases: list[str] = Field(default_factory=list, description="Every other way the article refers to them.")


class Statement(_Strict):
    speaker: str = Field(description="Who said it, as named in the article (canonical actor name when resolved).")
    actor_id: Optional[str] = Field(default=None, description="Id of the speaker in `actors`, when resolved.")
    kind: StatementKind
    text: str = Field(description="What was said: the quoted words, or the reported content.")
    quote: Optional[str] = Field(
        default=None, description="The verbatim words when the article quotes them, else null."
    )
    direct: bool = Field(description="True only when `quote` holds words the article puts in quotation marks.")
    speaker_resolved: bool = Field(
        default=True, description="False when the speaker is a pronoun or role the tool could not tie to a name."
    )
    reported_via: list[str] = Field(
        default_factory=list, description="Outlets or people the statement was relayed through, outermost first."
    )
    evidence: Evidence
    grounded: bool = Field(default=True, description="False only for items kept by --keep-ungrounded.")


class Denial(_Strict):
    speaker: str = Field(description="Who denied.")
    actor_id: Optional[str] = None
    denied: str = Field(description="What was denied.")
    alleged_by: Optional[str] = Field(description="Who made the claim that is denied, or null if not stated.")
    evidence: Evidence
    grounded: bool = True


class Appeal(_Strict):
    speaker: str = Field(description="Who appealed.")
    actor_id: Optional[str] = None
    addressee: Optional[str] = Field(description="To whom the appeal was addressed, or null if not stated.")
    request: str = Field(description="What was asked for.")
    evidence: Evidence
    grounded: bool = True


class Figure(_Strict):
    raw: str = Field(description="The number expression exactly as written, e.g. '2,50,000'.")
    value: Optional[float] = Field(description="Numeric value (lower bound of a range); null if vague ('dozens').")
    value_max: Optional[float] = Field(default=None, description="Upper bound when the figure is a range.")
    unit: Optional[str] = Field(
        default=None, description="'percent', an ISO currency code such as 'USD', or the counted noun."
    )
    what: str = Field(description="What the number counts, in a few words from the article.")
    approximate: bool = Field(default=False, description="True for 'about', 'nearly', 'dozens' and the like.")
    comparator: Optional[Comparator] = Field(default=None, description="'at least', 'more than', 'up to'...")
    evidence: Evidence
    grounded: bool = True


class TokenUsage(_Strict):
    prompt: int = 0
    completion: int = 0
    total: int = 0

    def add(self, prompt: int, completion: int) -> None:
        self.prompt += prompt
        self.completion += completion
        self.total += prompt + completion


class RunInfo(_Strict):
    backend: str
    model: Optional[str] = None
    prompt_version: Optional[str] = None
    strategy: Optional[str] = Field(default=None, description="'whole-article', 'decomposed' or 'rules'.")
    tokens: TokenUsage = Field(default_factory=TokenUsage, description="Summed over every attempt.")
    attempts: int = Field(default=0, description="Model calls made, re-asks and retries included.")
    seconds: float = 0.0
    ungrounded: int = Field(
        default=0, ge=0,
        description="Statements and figures the backend produced that could not be grounded (their words or "
                    "speaker are not in the article): dropped, or kept marked grounded: false with --keep-ungrounded.",
    )
    warnings: list[str] = Field(default_factory=list)


class Brief(_Strict):
    """A structured, verifiable brief of one news article."""

    schema_version: str = SCHEMA_VERSION
    article: ArticleInfo
    summary: str
    key_points: list[str] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    denials: list[Denial] = Field(default_factory=list)
    appeals: list[Appeal] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="Outlets the article credits.")
    run: RunInfo


# --------------------------------------------------------------------------------------------
# Eval gold format (documented in evals/README.md). Written by reading the article, by hand.
# --------------------------------------------------------------------------------------------


class GoldActor(_Strict):
    name: str
    role: Optional[str] = None
    aliases: list[str] = Field(default_factory=list)
    required: bool = True


class GoldStatement(_Strict):
    speaker: str = Field(description="An actor's name (or alias) from `actors`.")
    kind: StatementKind
    text: str = Field(description="The words that carry what was said, copied from the article.")
    direct: bool = Field(description="True when the article quotes the words.")
    required: bool = True


class GoldDenial(_Strict):
    speaker: str
    denied: str
    alleged_by: Optional[str] = None
    required: bool = True


class GoldAppeal(_Strict):
    speaker: str
    addressee: Optional[str] = None
    request: str
    required: bool = True


class GoldFigure(_Strict):
    raw: str = Field(description="The number expression as written in the article.")
    value: Optional[float]
    value_max: Optional[float] = None
    unit: Optional[str] = None
    what: str
    required: bool = True


class GoldKeyFact(_Strict):
    """One thing a reader of the summary must learn, for scoring summary coverage."""

    fact: str = Field(description="The fact as one sentence, in the labeler's words.")
    keywords: list[str] = Field(
        min_length=2, max_length=5,
        description="2-5 words or short phrases copied from the article that a summary stating the fact "
                    "can hardly avoid (names, the key number as written, the key noun or verb).",
    )


class GoldArticle(_Strict):
    article: str = Field(description="Path of the article text, relative to the repository root.")
    split: Literal["dev", "test"]
    source: str = Field(description="Attribution and licence of the article text.")
    actors: list[GoldActor] = Field(default_factory=list)
    statements: list[GoldStatement] = Field(default_factory=list)
    denials: list[GoldDenial] = Field(default_factory=list)
    appeals: list[GoldAppeal] = Field(default_factory=list)
    figures: list[GoldFigure] = Field(default_factory=list)
    key_facts: list[GoldKeyFact] = Field(
        default_factory=list,
        description="Optional: 3-5 key facts of the article, for scoring the summary (empty: not scored).",
    )
    notes: Optional[str] = None

    @model_validator(mode="after")
    def _three_to_five_key_facts(self) -> "GoldArticle":
        if self.key_facts and not 3 <= len(self.key_facts) <= 5:
            raise ValueError(f"key_facts needs 3 to 5 facts when given, not {len(self.key_facts)}")
        return self


# --------------------------------------------------------------------------------------------
# Extraction drafts: what a backend hands to grounding. Nothing here carries trusted offsets;
# `hint` is only a position to prefer when the same words occur more than once.
# --------------------------------------------------------------------------------------------


class DraftStatement(BaseModel):
    """One attribution as a backend proposes it, in the article's words. Grounding then looks for
    ``text`` (and ``quote``) in the article, near the sentence ``hint`` when given, and drops or
    flags what it cannot find; ``speaker_resolved`` False keeps an unnamed speaker ("a spokesman")."""

    speaker: str
    kind: StatementKind = "claim"
    text: str
    quote: Optional[str] = None
    addressee: Optional[str] = None
    request: Optional[str] = None
    denied: Optional[str] = None
    alleged_by: Optional[str] = None
    reported_via: list[str] = Field(default_factory=list)
    speaker_resolved: bool = True
    hint: Optional[int] = None


class DraftFigure(BaseModel):
    """A figure as written in the article (``raw``, e.g. "2,50,000"); its value is parsed later."""

    raw: str
    what: str = ""
    unit: Optional[str] = None
    hint: Optional[int] = None


class Draft(BaseModel):
    """What a backend's ``extract`` returns: ungrounded text, no offsets. The pipeline grounds
    every item against the article and assembles the Brief; whatever cannot be found is dropped."""

    summary: str = ""
    key_points: list[str] = Field(default_factory=list)
    statements: list[DraftStatement] = Field(default_factory=list)
    figures: list[DraftFigure] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    roles: dict[str, str] = Field(default_factory=dict, description="Speaker mention -> role, when known.")
    warnings: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------
# LLM response models (sent to the model as JSON Schema). Arrays and strings are bounded: at
# temperature 0 a small model loops forever on unbounded arrays.
# --------------------------------------------------------------------------------------------


class _CachedSchema(BaseModel):
    """An answer model whose JSON Schema is built once per class and argument set.

    instructor asks for the schema on every call, and pydantic rebuilds it each time (about 5 ms
    for LLMBrief), which in a batch is most of the client's CPU per article. Callers get a copy,
    so nobody can alter the cached one.
    """

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # instructor wraps the model in a fresh same-named subclass on every call; one that adds
        # no fields has the same schema as the model it wraps, so it shares that cache entry.
        owner = next(c for c in cls.__mro__ if globals().get(c.__name__) is c)
        if owner is not cls and (cls.__name__ != owner.__name__ or cls.model_fields.keys() != owner.model_fields.keys()):
            return super().model_json_schema(*args, **kwargs)
        key = (owner, args, tuple(sorted(kwargs.items(), key=lambda item: item[0])))
        cached = _SCHEMA_CACHE.get(key)
        if cached is None:
            cached = _SCHEMA_CACHE[key] = json.dumps(super().model_json_schema(*args, **kwargs))
        return json.loads(cached)


_SCHEMA_CACHE: dict[tuple, str] = {}


class LLMStatement(_CachedSchema):
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


class LLMFigure(_CachedSchema):
    raw: str = Field(max_length=60, description="The number exactly as written, e.g. '2,50,000'.")
    what: str = Field(max_length=100, description="What the number counts, in a few words from the article.")


class LLMBrief(_CachedSchema):
    """Whole-article extraction, for strong models."""

    summary: str = Field(max_length=900, description="2-4 neutral sentences.")
    key_points: list[str] = Field(default_factory=list, max_length=5)
    statements: list[LLMStatement] = Field(default_factory=list, max_length=25)
    figures: list[LLMFigure] = Field(default_factory=list, max_length=20)


class LLMSummary(_CachedSchema):
    summary: str = Field(max_length=500, description="2 neutral sentences.")
    key_points: list[Annotated[str, Field(max_length=90)]] = Field(default_factory=list, max_length=3)


# The state the answer validators read while one model answer is validated (see _quote_check).
# It travels in a context variable, not in instructor's ``context=``: instructor also renders
# every message as a Jinja template when given a context, which would alter (or fail on) an
# article containing "{{" or "{%". Threads each see their own value.
ANSWER_CONTEXT: ContextVar[dict | None] = ContextVar("summarizer_answer_context", default=None)


def _quote_check(value: Optional[str], info) -> Optional[str]:
    """Re-ask once when a 'quote' is not verbatim; on the second answer let grounding demote it."""
    context = info.context or ANSWER_CONTEXT.get() or {}
    check = context.get("quote_is_verbatim")
    if value and check is not None and context.get("strict_quotes", True) and not check(value):
        context["strict_quotes"] = False  # only one re-ask for paraphrased quotes
        raise ValueError(
            "quote must be words copied exactly from inside quotation marks in the article; "
            "copy them exactly or set quote to null and put the paraphrase in text"
        )
    return value


from pydantic import field_validator  # noqa: E402


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
    from pydantic import create_model

    choices = tuple(dict.fromkeys([*names, "unknown"]))
    fields = {f"C{n}": (Literal[choices], ...) for n in candidate_numbers}  # type: ignore[valid-type]
    return create_model("SpeakerChoices", **fields)  # type: ignore[call-overload]
