"""The HTML brief and the folder report in a real browser: headless Chromium driven by Playwright.

One browser serves the whole module (a few seconds in all). Without Chromium at /usr/bin/chromium
(or $SUMMARIZER_CHROMIUM), or without the playwright package, every test here skips with a
one-line reason; tests/test_html.py still checks the same pages with the stdlib HTML parser.
Screenshots go to tests/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import summarize
from summarizer._ingest import read_article
from summarizer._render_html import brief_items, render_html
from summarizer.cli import app
from tests.conftest import ROOT, SEED_003
from tests.test_html import XSS_ARTICLE

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("SUMMARIZER_CHROMIUM", "/usr/bin/chromium"))
# Without these Chromium waits on the (closed) network: updates, sync, QUIC probes.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "tests" / "screenshots"


def skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium); the DOM checks in test_html.py still run"
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]'); test_html.py still runs"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """Open a file in a fresh page; page errors and dialogs (alert) are recorded on the page."""
    contexts = []

    def opener(path: Path, width: int = 1100, height: int = 760):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.errors, page.dialogs = [], []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.as_uri() if isinstance(path, Path) else path)
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("pages")
    brief, text = summarize(SEED_003, backend="rules"), read_article(SEED_003).text
    (folder / "brief.html").write_text(render_html(brief, text), encoding="utf-8")
    xss = summarize("xss.txt", text=XSS_ARTICLE, backend="rules")
    xss_page = render_html(xss, XSS_ARTICLE)
    (folder / "xss.html").write_text(xss_page, encoding="utf-8")
    # The detector's control: the same page with the article pasted in raw and no CSP must run it.
    head, _, rest = xss_page.partition('<div class="article" lang="en">')
    raw = head.split('<meta http-equiv="Content-Security-Policy"')[0] + head.split('form-action \'none\'">', 1)[1]
    (folder / "xss-unescaped.html").write_text(raw + '<div class="article">' + XSS_ARTICLE + "</div></main>"
                                               "</body></html>", encoding="utf-8")
    articles, out = folder / "in", folder / "out"
    articles.mkdir()
    for name in ("000_c9bcf58343b8f793.txt", "003_25786f08469f8fca.txt"):
        shutil.copy(ROOT / "seeds" / name, articles / name)
    runner = CliRunner()
    assert runner.invoke(app, ["batch", str(articles), "-o", str(out), "--backend", "rules", "--html", "-q",
                               "--workers", "1"]).exit_code == 0
    assert runner.invoke(app, ["report", str(out)]).exit_code == 0
    return {"brief": brief, "folder": folder, "report": out / "report" / "index.html"}


IN_VIEW = """id => { const m = document.querySelector('mark[data-items~="' + id + '"]'); if (!m) return false;
  const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"""


def test_every_item_is_highlighted_at_its_span(open_page, pages):
    page = open_page(pages["folder"] / "brief.html")
    items = [{"id": i.id, "text": i.evidence.text} for i in brief_items(pages["brief"]) if i.spanned]
    problems = page.evaluate("""items => items.flatMap(item => {
        const marks = [...document.querySelectorAll('mark[data-items~="' + item.id + '"]')];
        const shown = marks.map(m => m.textContent).join('');
        const colour = marks.length ? getComputedStyle(marks[0]).backgroundColor : 'none';
        const out = [];
        if (shown !== item.text) out.push(item.id + ': highlighted text differs');
        if (!marks.length || colour === 'rgba(0, 0, 0, 0)') out.push(item.id + ': no highlight colour');
        return out; })""", items)
    assert len(items) > 10 and problems == []
    assert page.errors == []


def test_clicking_an_item_scrolls_its_span_into_view_and_flashes_it(open_page, pages):
    page = open_page(pages["folder"] / "brief.html")
    last = f"s{len(pages['brief'].statements)}"
    assert not page.evaluate(IN_VIEW, last), "the span must start out of view for the test to mean anything"
    page.click(f'a[data-item="{last}"]')
    page.wait_for_function(IN_VIEW, arg=last, timeout=3000)
    assert page.evaluate(f"""document.querySelector('mark[data-items~="{last}"]').classList.contains('flash')""")
    page.screenshot(path=SCREENSHOTS / "brief-after-click.png")
    # A click anywhere on a row works too, and the figure's hover text gives its value.
    page.evaluate("window.scrollTo(0, 0)")
    page.click("#row-f1 td:nth-child(3)")
    page.wait_for_function(IN_VIEW, arg="f1", timeout=3000)
    assert "250,000 residents" in page.get_attribute('mark[data-items~="f1"]', "title")
    hover = page.get_attribute('mark[data-items~="s3"]', "title")
    assert "Maria Zakharova" in hover and "statement (appeal)" in hover
    assert page.errors == []


def test_a_link_to_an_item_opens_at_its_span(open_page, pages):
    page = open_page((pages["folder"] / "brief.html").as_uri() + "#s12")
    page.wait_for_function(IN_VIEW, arg="s12", timeout=3000)


def test_the_xss_article_renders_as_text_and_runs_nothing(open_page, pages):
    control = open_page(pages["folder"] / "xss-unescaped.html")
    control.wait_for_timeout(200)
    assert control.dialogs or control.evaluate("window.__xss"), "the detector must see a page that does run"
    page = open_page(pages["folder"] / "xss.html")
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    article = page.text_content(".article")
    assert "<script>alert(1)</script>" in article and "<img src=x onerror=alert(2)>" in article
    page.screenshot(path=SCREENSHOTS / "xss.png", full_page=True)


def test_readable_at_375_px_and_printable(open_page, pages):
    page = open_page(pages["folder"] / "brief.html", width=375, height=800)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate("getComputedStyle(document.querySelector('table.k-table thead')).display") == "none"
    page.screenshot(path=SCREENSHOTS / "brief-375px.png")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.legend')).display") == "none"
    page.screenshot(path=SCREENSHOTS / "brief-print.png", full_page=True)


def test_the_report_sorts_filters_pages_and_links_to_items(open_page, pages):
    page = open_page(pages["report"], width=1280, height=900)
    section = "#sec-statements"
    rows = lambda: page.locator(f"{section} tbody tr").count()  # noqa: E731
    total = page.evaluate("window.summarizerReport.statements.rows.length")
    assert total > 0 and rows() == min(50, total)
    page.fill(f"{section} input", "zakharova")
    page.wait_for_function("() => window.summarizerReport.statements.view.length < "
                           f"{total}", timeout=3000)
    texts = page.locator(f"{section} tbody tr").all_inner_texts()
    assert texts and all("zakharova" in t.lower() for t in texts)
    page.fill(f"{section} input", "")
    page.wait_for_function(f"() => window.summarizerReport.statements.view.length === {total}", timeout=3000)
    page.click(f"{section} th:nth-child(3) button")  # Kind
    kinds = page.locator(f"{section} tbody td:nth-child(3)").all_inner_texts()
    assert kinds == sorted(kinds)
    page.click("#sec-actors tbody tr:first-child button.actor")
    assert page.is_visible(f"{section} .only")
    actor = page.inner_text("#sec-actors tbody tr:first-child button.actor")
    assert set(page.locator(f"{section} tbody td:first-child").all_inner_texts()) == {actor}
    page.screenshot(path=SCREENSHOTS / "report.png")
    link = page.locator(f"{section} tbody td:last-child a").first
    item = link.inner_text()
    link.click()
    page.wait_for_function(IN_VIEW, arg=item, timeout=5000)
    assert page.errors == []
