"""Stage 6, assemble: grounded items -> the Brief, with actors merged and linked by id.

Actors are built from every speaker mention: "Russian MFA spokesperson Maria Zakharova" gives the
name "Maria Zakharova" with role "Russian MFA spokesperson"; a later "Zakharova" is an alias of the
same actor because its words are a subset of the name's words.
"""

from __future__ import annotations

import re
import unicodedata

from ._ground import Grounded
from ._lexicon import BODY_NAME, PERSON_NOUNS, PRONOUNS, TITLES, is_nationality_adjective
from ._models import Actor, Appeal, ArticleInfo, Brief, Denial, Draft, RunInfo
from ._segment import Document

# "Ministry of Foreign Affairs": "of" joins the capitalised words of one name
_NAME = re.compile(r"(?:[A-Z][\w'’.\-]*|al-\w+)(?:\s+(?:[A-Z][\w'’.\-]*|al-\w+|bin|de|van|von|of(?=\s+[A-Z])))+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


def _strip_titles(name: str) -> tuple[str, str]:
    """'Afghan President Amrullah Saleh' -> ('Amrullah Saleh', 'Afghan President'); org names stay whole."""
    tokens = name.split()
    if BODY_NAME.search(name):
        # "Supreme Court Justice Elena Kagan": a body's name, a title, then a person's name
        titled = _title_after_qualifiers(tokens)
        if titled is not None and not BODY_NAME.search(titled[0]) and BODY_NAME.search(titled[1]):
            return titled
        return name, ""
    owner = max((i for i, t in enumerate(tokens[:-1]) if re.search(r"[’']s$", t)), default=None)
    if owner is not None and all(t[:1].isupper() for t in tokens[owner + 1:]):
        # "New Zealand's Prime Minister John Key": the owner is part of the role (but "Nepal's
        # tourism department" is one name)
        name, prefix = " ".join(tokens[owner + 1:]), " ".join(tokens[: owner + 1])
        stripped, title = _strip_titles(name)
        return stripped, f"{prefix} {title}".strip()
    cut = 0
    saw_title = False
    while cut < len(tokens) - 1:
        token = tokens[cut].lower()
        if token in TITLES or cut == 0 and len(tokens) >= 3 and _person_noun(token):
            # "Actor Denzel Washington", "Co-developer Jing Wang": what someone does, then their full name
            saw_title = True
        elif not is_nationality_adjective(token):
            break
        cut += 1
    if not saw_title or cut == 0:
        return _title_after_qualifiers(tokens) or (name, "")
    return " ".join(tokens[cut:]), " ".join(tokens[:cut])


def _person_noun(word: str) -> bool:
    return word in PERSON_NOUNS or word.startswith("co-") and word[3:] in PERSON_NOUNS


def _title_after_qualifiers(tokens: list[str]) -> tuple[str, str] | None:
    """'Greek Foreign Minister George Katrougalos', 'Santa Barbara County Sheriff Bill Brown':
    capitalised words that say where or of what, a title, then a personal name of two or more words."""
    title = max((i for i, t in enumerate(tokens[:-2]) if t.lower() in TITLES), default=None)
    if title is None:
        return None
    name = tokens[title + 1:]
    if all(t[:1].isupper() for t in tokens) and not any(t.lower() in TITLES for t in name):
        return " ".join(name), " ".join(tokens[: title + 1])
    return None


def split_name_and_role(mention: str) -> tuple[str, str | None]:
    """'Russian MFA spokesperson Maria Zakharova' -> ('Maria Zakharova', 'Russian MFA spokesperson')."""
    mention = " ".join(mention.strip().strip(",").split())
    affiliated = _PERSON_THEN_BODY.fullmatch(mention)
    if affiliated is not None and not BODY_NAME.search(affiliated.group("person")) and \
            BODY_NAME.search(affiliated.group("body")):
        # "ecologist Chip Taylor of the University of Kansas": the person, with where she works as her role
        name, role = split_name_and_role(mention[: affiliated.end("person")])
        body = affiliated.group("body")
        return name, f"{role}, {body}" if role else body
    names = list(_NAME.finditer(mention))
    name, role = mention, None
    if names:
        last = names[-1]
        if last.end() >= len(mention.rstrip(".")) - 1 and last.start() > 0:
            prefix = mention[: last.start()].strip(" ,")
            if prefix.lower() in ("the", "a", "an"):  # "the Saudi Interior Ministry": an article, not a role
                name = last.group(0)
            elif prefix and prefix[0].isupper() and BODY_NAME.search(mention) and \
                    set(re.findall(r"\b[a-z]+\b", prefix)) <= {"of", "and", "for", "on", "the"}:
                pass  # "The California Department of Forestry and Fire Protection": one body's name
            elif re.search(r"(?:^|\s)(?:and|&)$", prefix):
                pass  # "Tomas Brennan and Ines Duarte", "both Mugabe and Tsvangirai": two, no role
            elif prefix and (prefix[0].islower() or re.search(r"\b[a-z]{3,}\b", prefix)):
                name, role = last.group(0), prefix
    stripped, title = _strip_titles(name)
    if title:
        role = f"{role} {title}".strip() if role else title
        name = stripped
    words = name.split()
    honorific = max((i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in _HONORIFICS), default=None)
    if honorific is not None and honorific > 0:
        # "Undersecretary of Education Mr. Toccafondi": the name follows the honorific
        before = " ".join(words[:honorific])
        role = f"{role} {before}".strip() if role else before
        name = " ".join(words[honorific + 1:])
    article = _LEADING_ARTICLE.match(name)
    if article and name[article.end():][:1].isupper():
        name = name[article.end():]  # "The U.S. Department of Agriculture", "An Al Jazeera reporter"
    return name, role


_HONORIFICS = {"mr", "mrs", "ms", "dr", "miss"}
# "[ecologist] Chip Taylor of the University of Kansas": a personal name of two or more words, then
# "of"/"at"/"from" and a body's name
_PERSON_THEN_BODY = re.compile(r"(?P<person>(?:.*\s)?[A-Z][a-z'’\-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'’\-]+)\s+"
                               r"(?:of|at|from)\s+(?P<body>(?:the\s+)?[A-Z].*)")


def _words(name: str) -> set[str]:
    # Accents folded: articles spell one name both ways ("Erdoğan", later "Erdogan").
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return {w.lower() for w in re.findall(r"[\w'’\-]+", _LEADING_ARTICLE.sub("", plain)) if len(w) > 1}


def _coordinated(name: str) -> bool:
    """"Mugabe and Tsvangirai": two named apart, not one body's name ("Pacific Gas and Electric Company")."""
    return re.search(r"\s(?:and|&)\s+(?:the\s+)?[A-Z]", name) is not None and not BODY_NAME.search(name)


class _ActorBook:
    def __init__(self, roles: dict[str, str]):
        self.actors: list[Actor] = []
        self.roles = roles

    def resolve(self, mention: str | None) -> Actor | None:
        if not mention or mention.strip().lower() in PRONOUNS:
            return None
        name, role = split_name_and_role(mention)
        role = role or self.roles.get(mention)
        words = _words(name)
        if not words:
            return None
        for actor in self.actors:
            known = _words(actor.name)
            if actor.name != name and (_coordinated(name) or _coordinated(actor.name)):
                continue  # "both Mugabe and Tsvangirai" is neither Mugabe nor Tsvangirai alone
            if words <= known or (known <= words and len(known) > 0):
                if len(words) > len(known):  # keep the fullest form as the canonical name
                    actor.aliases.append(actor.name)
                    actor.name = name
                for form in (mention.strip(), name):
                    if form != actor.name and form not in actor.aliases:
                        actor.aliases.append(form)
                if role and not actor.role:
                    actor.role = role
                return actor
        actor = Actor(id=f"a{len(self.actors) + 1}", name=name, role=role, aliases=[])
        if mention.strip() != name:
            actor.aliases.append(mention.strip())
        unnamed = re.fullmatch(r"(?i:an?)\s+([a-z][\w'’\-]*(?:\s+[a-z][\w'’\-]*)*)", name)
        if unnamed is not None:  # "an eyewitness" also goes by "eyewitness"
            actor.aliases.append(unnamed.group(1))
        self.actors.append(actor)
        return actor


def assemble(document: Document, draft: Draft, grounded: Grounded, run: RunInfo) -> Brief:
    book = _ActorBook(draft.roles)
    statements = grounded.statements
    for statement, item in zip(statements, grounded.drafts):
        actor = book.resolve(statement.speaker)
        if actor is not None:
            statement.actor_id = actor.id
            statement.speaker = actor.name
    # A second pass: an actor whose name grew later ("Zakharova" -> "Maria Zakharova") renames all.
    names = {a.id: a.name for a in book.actors}
    for statement in statements:
        if statement.actor_id:
            statement.speaker = names[statement.actor_id]

    denials = []
    appeals = []
    for statement, item in zip(statements, grounded.drafts):
        if statement.kind == "denial":
            denials.append(
                Denial(speaker=statement.speaker, actor_id=statement.actor_id,
                       denied=item.denied or statement.text, alleged_by=item.alleged_by,
                       evidence=statement.evidence, grounded=statement.grounded)
            )
        elif statement.kind == "appeal":
            appeals.append(
                Appeal(speaker=statement.speaker, actor_id=statement.actor_id, addressee=item.addressee,
                       request=item.request or statement.text, evidence=statement.evidence,
                       grounded=statement.grounded)
            )

    run.ungrounded = grounded.rejected
    if grounded.dropped:
        run.warnings.append(f"{grounded.dropped} item(s) dropped because they could not be grounded")
    run.warnings.extend(draft.warnings)
    run.warnings.extend(grounded.warnings)
    title = document.title.text.lstrip("#").strip() if document.title else document.article.html_title
    return Brief(
        article=ArticleInfo(path=document.article.path, sha256=document.article.sha256, title=title,
                            chars=len(document.text)),
        summary=draft.summary.strip() or lede_summary(document),
        key_points=[p.strip() for p in draft.key_points if p.strip()],
        actors=book.actors,
        statements=statements,
        denials=denials,
        appeals=appeals,
        figures=grounded.figures,
        sources=_dedupe(draft.sources),
        run=run,
    )


def lede_summary(document: Document, max_sentences: int = 3, max_chars: int = 600) -> str:
    """The extractive fallback: news puts the gist first, so the opening body sentences are it."""
    picked: list[str] = []
    for sentence in document.sentences:
        if len(" ".join(picked + [sentence.text])) > max_chars and picked:
            break
        picked.append(sentence.text)
        if len(picked) >= max_sentences:
            break
    return " ".join(picked)


def _dedupe(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item.lower() not in {s.lower() for s in seen}:
            seen.append(item)
    return seen
