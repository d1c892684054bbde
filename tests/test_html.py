"""The HTML brief (`summarize --format html`, `batch --html`), checked with the stdlib HTML parser.

tests/test_browser.py opens the same pages in headless Chromium; these checks run without one.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from summarizer import summarize
from summarizer._ingest import read_article
from summarizer._models import ArticleInfo, Brief, Evidence, Figure, RunInfo, Statement
from summarizer._render_html import render_html
from summarizer.cli import app
from tests.conftest import ROOT, SEED_003
from tests.html_check import brief_page_problems, page_safety_problems, parse

runner = CliRunner()

XSS_ARTICLE = (
    "Mayor Jane Holloway said on Monday that the city would reopen 12 schools. "
    "\"<script>alert(1)</script> is just text in our newsletter,\" said Jane Holloway. "
    "The council rejected the claim. \"We never said \"><img src=x onerror=alert(2)> anything of the sort,\" "
    "council spokesman Tom Reyes said. Reyes said 3,000 pupils would return and urged parents to stay calm. "
    "An attacker wrote </div><script>window.__xss = 1</script> in the comments & nobody cared.\n"
)


@pytest.fixture(scope="module")
def seed_brief() -> tuple[Brief, str]:
    return summarize(SEED_003, backend="rules"), read_article(SEED_003).text


def spans(text: str, *words: str) -> list[Evidence]:
    out = []
    for word in words:
        start = text.index(word)
        out.append(Evidence(start=start, end=start + len(word), text=word))
    return out


def hand_brief(text: str, statements=(), figures=(), warnings=()) -> Brief:
    return Brief(article=ArticleInfo(path="x.txt", sha256="0" * 64, title="T", chars=len(text)), summary="S.",
                 statements=list(statements), figures=list(figures),
                 run=RunInfo(backend="rules", warnings=list(warnings)))


def test_the_seed_brief_shows_every_item_at_its_offsets(seed_brief):
    brief, text = seed_brief
    page = render_html(brief, text)
    assert brief.statements and brief.appeals and brief.figures
    assert brief_page_problems(page, brief, text) == []
    assert "Who said what" in page and "Appeals" in page and "Figures" in page and "Actors" in page
    # Quotes and speakers are whole, not cut at 220 / 80 characters as in the Markdown table.
    longest = max(brief.statements, key=lambda s: len(s.text))
    assert longest.text.replace('"', "&quot;") in page


def test_the_check_catches_a_span_one_character_off(seed_brief):
    brief, text = seed_brief
    statement = brief.statements[0]
    shifted = brief.model_copy(deep=True)
    shifted.statements[0].evidence = Evidence(start=statement.evidence.start + 1, end=statement.evidence.end + 1,
                                              text=text[statement.evidence.start + 1:statement.evidence.end + 1])
    page = render_html(shifted, text)
    problems = brief_page_problems(page, brief, text)  # checked against the true offsets
    assert any(problem.startswith("s1:") for problem in problems)


def test_the_check_catches_a_changed_article(seed_brief):
    brief, text = seed_brief
    head, _, article = render_html(brief, text).partition('<div class="article"')
    page = head + '<div class="article"' + article.replace("Panjshir", "Panjshiir", 1)
    assert any("article shown differs" in p for p in brief_page_problems(page, brief, text))


def test_xss_article_renders_as_text_and_runs_nothing():
    brief = summarize("xss.txt", text=XSS_ARTICLE, backend="rules")
    assert brief.statements, "the article must yield items, so the spans around the markup are drawn too"
    hostile = brief.model_copy(deep=True)  # model-written fields are escaped as well as the article
    hostile.summary = "<script>alert(3)</script>"
    hostile.statements[0].speaker = '"><img src=x onerror=alert(4)>'
    page = render_html(hostile, XSS_ARTICLE)
    assert brief_page_problems(page, hostile, XSS_ARTICLE) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "<img" not in page and "</div><script>window" not in page


def test_the_safety_check_fails_on_a_live_script_or_handler(seed_brief):
    brief, text = seed_brief
    page = render_html(brief, text)
    live_script = page.replace('<div class="article" lang="en">',
                               '<div class="article" lang="en"><script>alert(1)</script>', 1)
    assert any("<script> element(s)" in p for p in page_safety_problems(live_script))
    assert any("elements other than highlights" in p for p in brief_page_problems(live_script, brief, text))
    handler = page.replace("<h1>", '<h1><img src=x onerror="alert(2)">', 1)
    problems = page_safety_problems(handler)
    assert any("event handler" in p for p in problems) and any("<img>" in p for p in problems)
    outside = page.replace("</style>", "</style><link rel=stylesheet href=https://example.org/a.css>", 1)
    assert any("a URL with a scheme" in p for p in page_safety_problems(outside))
    edited_script = page.replace("(function(){", "(function(){alert(5);", 1)
    assert any("not the one" in p for p in page_safety_problems(edited_script))


def test_overlapping_spans_are_all_kept():
    text = "The minister said that 2,000 homes and 300 schools were lost in the floods last week, officials said."
    whole, inner, crossing = spans(text, "2,000 homes and 300 schools were lost in the floods",
                                   "300 schools were lost", "in the floods last week")
    figures = [Figure(raw=w, value=v, unit=u, what=u, evidence=e) for w, v, u, e in
               (("2,000", 2000, "homes", spans(text, "2,000")[0]), ("300", 300, "schools", spans(text, "300")[0]))]
    statements = [Statement(speaker="The minister", kind="claim", text=e.text, direct=False, evidence=e)
                  for e in (whole, inner, crossing, whole)]  # the last one coincides with the first
    brief = hand_brief(text, statements, figures)
    page = render_html(brief, text)
    assert brief_page_problems(page, brief, text) == []
    marks = parse(page).marks
    three_deep = [m for m in marks if len(m.items) >= 4]
    assert three_deep and set(three_deep[0].items) == {"s1", "s2", "s4", "f2"}
    assert 'class="k-figure also-statement overlap"' in page


def test_ungrounded_items_are_marked_and_warnings_shown():
    text = "The mayor said the bridge would reopen on Friday after repairs, according to a statement from the city."
    grounded = spans(text, "the bridge would reopen on Friday")[0]
    lost = Statement(speaker="The mayor", kind="claim", text="taxes will fall", direct=False, grounded=False,
                     evidence=Evidence(start=0, end=0, text=""))
    brief = hand_brief(text, [Statement(speaker="The mayor", kind="claim", text=grounded.text, direct=False,
                                        evidence=grounded), lost],
                       warnings=["dropped 1 statement that is not in the article"])
    page = render_html(brief, text)
    assert brief_page_problems(page, brief, text) == []
    assert '<tr id="row-s2" class="ungrounded">' in page and "ungrounded: not in the article" in page
    assert 'role="alert"' in page and "dropped 1 statement that is not in the article" in page
    assert "1 item(s) could not be found in the article" in page
    clean = hand_brief(text, [Statement(speaker="The mayor", kind="claim", text=grounded.text, direct=False,
                                        evidence=grounded)])
    assert 'role="alert"' not in render_html(clean, text)


def test_refuses_a_text_the_offsets_do_not_index(seed_brief):
    brief, text = seed_brief
    with pytest.raises(ValueError, match="not the text this brief was made from"):
        render_html(brief, text + " more")
    with pytest.raises(ValueError, match="not the text this brief was made from"):
        render_html(brief, text.replace("Taliban", "Talibam"))


def test_cli_html_to_a_file(tmp_path):
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["summarize", str(SEED_003), "--backend", "rules", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    brief = summarize(SEED_003, backend="rules")
    assert page.startswith("<!DOCTYPE html>")
    assert brief_page_problems(page, brief, read_article(SEED_003).text) == []


def test_html_input_embeds_the_extracted_text_its_offsets_index(tmp_path):
    body = " ".join(f"<p>{line}</p>" for line in SEED_003.read_text(encoding="utf-8").split("\n\n")[2:9])
    source = tmp_path / "article.html"
    source.write_text(f"<!doctype html><html><head><title>Resistance front</title></head><body><nav>Home | "
                      f"World</nav><article>{body}</article></body></html>", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(source), "--backend", "rules", "--format", "html"])
    assert result.exit_code == 0, result.output
    extracted = read_article(source).text
    assert parse(result.stdout).article and "".join(parse(result.stdout).article) == extracted
    assert "<nav>" not in result.stdout


def test_batch_writes_an_html_page_per_article(tmp_path):
    articles = tmp_path / "in"
    (articles / "news").mkdir(parents=True)
    (articles / "news" / "003.txt").write_bytes(SEED_003.read_bytes())
    (articles / "000.txt").write_bytes((ROOT / "seeds" / "000_c9bcf58343b8f793.txt").read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(articles), "-o", str(out), "--backend", "rules", "--html", "-q",
                                 "--workers", "1"])
    assert result.exit_code == 0, result.output
    for rel in ("news/003.txt", "000.txt"):
        brief = Brief.model_validate_json((out / f"{rel}.json").read_text(encoding="utf-8"))
        page = (out / f"{rel}.html").read_text(encoding="utf-8")
        assert brief_page_problems(page, brief, read_article(articles / rel).text) == []
    # A re-run without --html finds everything up to date; adding --html to a folder made
    # without it writes the missing pages.
    (out / "000.txt.html").unlink()
    runner.invoke(app, ["batch", str(articles), "-o", str(out), "--backend", "rules", "--html", "-q"])
    assert (out / "000.txt.html").exists()
