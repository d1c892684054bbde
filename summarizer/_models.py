"""The pydantic models of the pipeline: the brief (the public contract), the eval gold format, and
the Draft a backend hands to grounding. (What a model is asked to fill is in ``backends/_answers``.)

The brief's JSON Schema is exported to ``schemas/brief.schema.json`` and a test keeps it in sync;
field names here are a public contract, so rename nothing without bumping ``SCHEMA_VERSION``.
"""

from __future__ import annotations

from typing import Literal, Optional

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
    stored_answers: int = Field(
        default=0, ge=0,
        description="Model answers read from the response cache or a recorded cassette instead of asking the model "
                    "(a re-run of the same article and prompt): no tokens are spent on them.")
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
    split: Literal["dev", "dev2", "dev3", "test"] = Field(
        description="dev: tuning; dev2, dev3: labeled later, each measured once untouched, then tuning; "
                    "test: reporting only.")
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
    flags what it cannot find; ``speaker_resolved`` False keeps an unnamed speaker ("a spokesman").

    - ``speaker``: the person or body, as the article names them; ``kind``: claim, denial, appeal,
      warning, pledge or other;
    - ``text``: what was said, copied from the article; ``quote``: the quoted words, when quoted;
    - appeals: ``addressee`` (to whom) and ``request`` (what was asked, negation kept);
    - denials: ``denied`` (what was denied) and ``alleged_by`` (who had made the claim);
    - ``reported_via``: outlets that relayed it ("according to AFP");
    - ``hint``: the index in ``document.sentences`` of the sentence it comes from, if known."""

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
