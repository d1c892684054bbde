from __future__ import annotations

import pytest

from summarizer._ingest import MAX_INPUT_BYTES, InputError, article_from_text, read_article
from tests.conftest import SEED_003


def test_reads_seed_as_decoded_text_with_hash():
    article = read_article(SEED_003)
    raw = SEED_003.read_bytes()
    assert article.text == raw.decode("utf-8")
    assert len(article.sha256) == 64
    assert article.source_format == "text"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"   \n\n  ", "empty file"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (b"Too short to be news.", "no article text"),
    ],
)
def test_bad_input_gets_one_line_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)


def test_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (MAX_INPUT_BYTES // 5 + 10))
    with pytest.raises(InputError, match="too large"):
        read_article(path)


def test_non_utf8_falls_back_to_a_detected_encoding(tmp_path):
    text = "Le ministre a déclaré que « la réforme » coûterait 2 millions d’euros aux contribuables français. " * 3
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))
    article = read_article(path)
    assert "déclaré" in article.text


def test_html_main_text_is_extracted(tmp_path):
    body = " ".join(["The minister said the plan would cost 5 million dollars, officials confirmed on Monday."] * 4)
    html = f"""<!doctype html><html><head><title>Plan costs revealed</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> • youtube • facebook</nav>
    <article><h1>Plan costs revealed</h1><p>{body}</p><p>{body}</p></article>
    <footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    article = read_article(path)
    assert article.source_format == "html"
    assert "5 million dollars" in article.text
    assert "youtube" not in article.text
    assert "Copyright" not in article.text


def test_text_in_memory():
    text = "Officials said on Monday that the bridge over the river would reopen next week after the repairs."
    article = article_from_text(text)
    assert article.path is None and article.text == text
    with pytest.raises(InputError):
        article_from_text("   ")
