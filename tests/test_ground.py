from __future__ import annotations

import pytest

from summarizer._ground import Aligner, ground_draft, mention_in_article, quote_is_verbatim
from summarizer._models import Draft, DraftFigure, DraftStatement

TEXT = ("Officials said “the bridge will reopen” soon. Later, officials said the bridge will reopen — "
        "eventually — after   repairs costing $2.5 million. Officials said “the bridge will reopen” soon.")


def test_exact_stage_and_successive_occurrences():
    aligner = Aligner(TEXT)
    first = aligner.align("the bridge will reopen")
    second = aligner.align("the bridge will reopen")
    third = aligner.align("the bridge will reopen")
    assert first.match == "exact" and TEXT[first.start : first.end] == first.text
    assert first.start < second.start < third.start


def test_normalized_stage_maps_offsets_back():
    evidence = Aligner(TEXT).align('Officials said "THE bridge will reopen" soon.')
    assert evidence.match == "normalized"
    assert TEXT[evidence.start : evidence.end] == evidence.text
    assert evidence.text.startswith("Officials said “the")
    spaced = Aligner(TEXT).align("eventually - after repairs costing")
    assert spaced.match == "normalized" and "after   repairs" in spaced.text


def test_fuzzy_stage_returns_article_words_only():
    evidence = Aligner(TEXT).align("officials said that the bridge will reopen eventually after repairs")
    assert evidence.match == "fuzzy"
    assert TEXT[evidence.start : evidence.end] == evidence.text


def test_unrelated_text_does_not_align():
    assert Aligner(TEXT).align("the minister resigned over the scandal last year") is None


def test_hint_picks_the_nearest_occurrence():
    last = TEXT.rindex("the bridge will reopen")
    assert Aligner(TEXT).align("the bridge will reopen", hint=last).start == last


def test_paraphrased_quote_is_not_verbatim():
    aligner = Aligner(TEXT)
    assert quote_is_verbatim(aligner, "the bridge will reopen") is not None
    assert quote_is_verbatim(aligner, "the bridge is going to reopen") is None


def test_invented_speaker_is_not_in_the_article():
    aligner = Aligner(TEXT)
    assert not mention_in_article(aligner, "John Example")
    assert mention_in_article(aligner, "officials")


def test_ground_draft_demotes_paraphrased_quotes_and_drops_ungrounded():
    draft = Draft(
        statements=[
            DraftStatement(speaker="Officials", text="officials said the bridge will reopen eventually after repairs",
                           quote="the bridge is going to reopen soon"),
            DraftStatement(speaker="Jane Invented", text="the bridge will reopen", quote="the bridge will reopen"),
            DraftStatement(speaker="Officials", text="nothing like this appears in the text at all"),
        ],
        figures=[DraftFigure(raw="$2.5 million", what="repairs"), DraftFigure(raw="$9 billion", what="ghost")],
    )
    grounded = ground_draft(TEXT, draft)
    assert grounded.dropped == 3, grounded.warnings
    (statement,) = grounded.statements
    assert statement.direct is False and statement.quote is None
    assert TEXT[statement.evidence.start : statement.evidence.end] == statement.evidence.text
    (figure,) = grounded.figures
    assert figure.value == 2_500_000 and figure.unit == "USD"
    kept = ground_draft(TEXT, draft, keep_ungrounded=True)
    assert any(not s.grounded for s in kept.statements)


# The fast fold (whitespace runs only) must agree with the character-by-character one it replaces
# whenever folding keeps the length; texts mix curly quotes, dashes and odd whitespace.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from summarizer._ground import _FOLD, _fold_char_by_char, _fold_with_map  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \n\t\u00a0aB“”’—İΣ.,")), max_size=60))
def test_fast_fold_agrees_with_the_character_by_character_fold(text):
    assert _fold_with_map(text) == _fold_char_by_char(text)


def test_fold_maps_every_folded_character_back_to_its_source():
    text = "  “Quoted”\u2014  she   SAID.\n\nNext "
    folded = _fold_with_map(text)
    assert folded.text == '"quoted"- she said. next '
    assert [text[i].translate(_FOLD).lower() if not text[i].isspace() else " " for i in folded.origin] == list(folded.text)


# --- the summary's key points -------------------------------------------------------------------
def _budget_document():
    from summarizer._ingest import article_from_text
    from summarizer._segment import segment

    return segment(article_from_text(
        "Council approves new budget\n\n"
        "The city council approved a budget of $12 million on Tuesday, officials said.\n\n"
        "The budget adds two schools and a library, said Mayor Ana Lopez.\n"))


def test_a_key_point_that_restates_the_summary_is_dropped_and_a_new_one_kept():
    from summarizer._ground import ground_summary

    summary = "The city council approved a budget of $12 million on Tuesday."
    points = ["The council approved a $12 million budget",  # the summary again
              "The budget adds two schools and a library",
              "The budget adds two schools"]  # the point before it again
    kept, kept_points, warnings = ground_summary(_budget_document(), summary, points)
    assert kept == summary
    assert kept_points == ["The budget adds two schools and a library"]
    assert warnings == []  # redundant is not unsupported: nothing to warn about


def test_an_unsupported_key_point_is_still_removed_with_a_warning():
    from summarizer._ground import ground_summary

    _, kept_points, warnings = ground_summary(_budget_document(), "The council approved a budget.",
                                              ["The mayor resigned over a scandal"])
    assert kept_points == [] and "1 key point(s) not supported" in warnings[0]


def test_a_key_point_that_is_only_a_phrase_is_removed_with_a_warning():
    from summarizer._ground import ground_summary

    _, kept_points, warnings = ground_summary(_budget_document(), "The council approved a budget.",
                                              ["Mayor Lopez", "The budget adds two schools"])
    assert kept_points == ["The budget adds two schools"]
    assert warnings == ["1 key point(s) that are only a phrase, not a statement, were removed"]


@pytest.mark.parametrize("point, kept", [
    ("The budget adds two schools", True),
    ("The mayor said the budget adds two schools.", True),
    ("Mayor Lopez", False),
    ("The budget adds two schools according", False),
    ("Mayor Lopez wrote of the budget,", False),
    ("The budget adds two schools and", False),
])
def test_a_key_point_cut_off_mid_clause_is_no_statement(point, kept):
    from summarizer._ground import is_a_statement

    assert is_a_statement(point) is kept
