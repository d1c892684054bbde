"""`summarizer report OUTDIR`: one HTML page and CSV files over every brief a batch wrote there.

What it reads: every ``*.json`` brief under OUTDIR and ``OUTDIR/index.jsonl`` (last line per path
wins, as in ``_batch``). A file that is not a valid brief, an article the index records as failed,
and an index line whose brief is missing are all listed as failures, never raised.

Actors are merged across articles, and every merge is listed with its reason (see ``ActorMerger``).
The page's tables (actors, who said what, denials, appeals, figures, failures, merges) are drawn
by a small script written here, from a JSON block in the page: sortable, filterable, paginated, so
the page stays usable with hundreds of thousands of rows. The CSV files hold the same rows.
"""

from __future__ import annotations

import csv
import functools
import gc
import io
import json
import os
import re
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from typing import Optional

from pydantic import BaseModel, ConfigDict, ValidationError

from ._files import atomic_write_text
from ._models import Comparator, StatementKind
from ._render_html import figure_value, item_id, page

INDEX_NAME = "index.jsonl"  # the batch's index (see _batch); not imported, to keep this module light
REPORT_DIR = "report"


class ReportError(ValueError):
    """The report cannot be made at all (no such folder, nothing in it); one line for stderr."""


# --- reading the folder --------------------------------------------------------------------------
# The fields of a brief (see _models.Brief) that the report reads, validated with the same types.
# Validating only these takes half the time of the whole brief (offsets, run details, summary),
# which over 10,000 briefs is most of the report's time.
class _Fields(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _ArticleInfo(_Fields):
    title: Optional[str] = None


class _Actor(_Fields):
    id: str
    name: str
    aliases: list[str] = []


class _Statement(_Fields):
    speaker: str
    actor_id: Optional[str] = None
    kind: StatementKind
    text: str
    quote: Optional[str] = None
    direct: bool
    speaker_resolved: bool = True
    grounded: bool = True


class _Denial(_Fields):
    speaker: str
    actor_id: Optional[str] = None
    denied: str
    alleged_by: Optional[str]
    grounded: bool = True


class _Appeal(_Fields):
    speaker: str
    actor_id: Optional[str] = None
    addressee: Optional[str]
    request: str
    grounded: bool = True


class _Figure(_Fields):
    raw: str
    value: Optional[float]
    value_max: Optional[float] = None
    unit: Optional[str] = None
    what: str
    approximate: bool = False
    comparator: Optional[Comparator] = None
    grounded: bool = True


class BriefFields(_Fields):
    schema_version: str
    article: _ArticleInfo
    actors: list[_Actor] = []
    statements: list[_Statement] = []
    denials: list[_Denial] = []
    appeals: list[_Appeal] = []
    figures: list[_Figure] = []


@dataclass
class Article:
    rel: str  # the article's path relative to the batch's input folder (the brief is OUTDIR/<rel>.json)
    title: str
    href: str | None  # the HTML brief, relative to the report page; None when there is none
    brief: BriefFields


@dataclass
class Failure:
    path: str
    reason: str


def read_index(path: Path) -> dict[str, dict]:
    """{article path: its last index line}; lines cut short by a crash are skipped."""
    records: dict[str, dict] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return records
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("path"), str):
            records[record["path"]] = record
    return records


def find_briefs(outdir: Path, skip: Path | None = None) -> list[str]:
    """Relative paths (without '.json') of every brief file under ``outdir``, sorted; hidden
    files and folders, and ``skip`` (the report's own folder), are left out."""
    found = []
    skipped = skip.resolve() if skip is not None else None
    for folder, dirs, files in os.walk(outdir):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".") and (skipped is None or (here / d).resolve() != skipped)]
        for name in files:
            if name.endswith(".json") and not name.startswith("."):
                found.append((here / name).relative_to(outdir).as_posix()[:-len(".json")])
    return sorted(found)


def href_to(target: Path, report_dir: Path) -> str:
    """A relative link from the report page to ``target``, percent-encoded; it never starts with a
    scheme (a folder named 'javascript:x' stays a path)."""
    return _safe_link(Path(os.path.relpath(target, report_dir)).as_posix())


def _safe_link(relative: str) -> str:
    link = quote(relative)
    return link if link.startswith((".", "/")) else "./" + link


def load_folder(outdir: Path, report_dir: Path) -> tuple[list[Article], list[Failure]]:
    index = read_index(outdir / INDEX_NAME)
    articles: list[Article] = []
    failures: list[Failure] = []
    briefs = find_briefs(outdir, skip=report_dir)
    # One relpath for the folder, not one per brief (10,000 briefs: a second saved).
    to_outdir = Path(os.path.relpath(outdir, report_dir)).as_posix()
    base = str(outdir)
    for rel in briefs:
        try:
            with open(os.path.join(base, f"{rel}.json"), "rb") as stream:
                brief = BriefFields.model_validate_json(stream.read())
        except OSError as error:
            failures.append(Failure(rel, f"cannot read the brief ({error.strerror or error})"))
            continue
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ())) or "file"
            reason = "not JSON" if first.get("type") == "json_invalid" else f"not a brief ({where}: {first['msg']})"
            failures.append(Failure(rel, f"corrupt brief file: {reason}"))
            continue
        html = os.path.join(base, f"{rel}.html")
        href = _safe_link(f"{to_outdir}/{rel}.html" if to_outdir != "." else f"{rel}.html")
        articles.append(Article(rel, brief.article.title or rel, href if os.path.exists(html) else None, brief))
    present = set(briefs)
    for path, record in sorted(index.items()):
        if record.get("status") == "failed":
            failures.append(Failure(path, " ".join(str(record.get("error") or "failed").split())))
        elif path not in present:
            failures.append(Failure(path, f"the index says {record.get('status')}, but its brief is missing"))
    return articles, failures


# --- actors across articles ---------------------------------------------------------------------
# Words that name a role, not a person: "President Donald Trump" is Donald Trump, and "the
# President" alone names nobody in particular across articles.
TITLE_WORDS = frozenset("""
president vice prime minister ministry secretary spokesman spokeswoman spokesperson chief general director
chairman chairwoman chair chairperson governor mayor senator representative rep sen gov king queen prince
princess pope ambassador envoy commissioner administrator ceo cfo founder head leader judge justice
detective inspector sergeant officer constable captain colonel major lieutenant commander admiral professor
prof dr mr mrs ms miss sir dame lord lady mp former acting deputy assistant lead author editor correspondent
reporter analyst police government department office agency court council committee army military foreign
state federal national press news media sources source officials official
""".split())
# Capitalised at the start of a sentence, yet no one's name.
GENERIC_WORDS = frozenset("""
one he she it they we i you this that these those some many others another both all each reports report
protesters witnesses residents experts analysts critics authorities people students doctors scientists
researchers lawmakers investigators prosecutors officers troops soldiers rebels militants activists leaders
members supporters opponents citizens voters fans workers staff families relatives locals organisers organizers
firefighters rescuers paramedics survivors victims parents teachers police media officials
""".split())
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """'The  Russian Foreign\u00a0Ministry's' -> 'russian foreign ministry'."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    words = _WORD.findall(text)
    if words and words[0].casefold() == "the":
        words = words[1:]
    key = " ".join(w.strip(".-'").casefold() for w in words)
    return re.sub(r"'s$", "", key).strip()


@functools.lru_cache(maxsize=1 << 16)
def is_name(text: str) -> bool:
    """A proper name worth merging across articles: it starts with a capital (after 'the'), and
    has a capitalised word that is neither a role ('President') nor a generic word ('Officials')."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text))
    if words and words[0].casefold() == "the":
        words = words[1:]
    if not words or not words[0][0].isupper():
        return False
    return any(w[0].isupper() and w.casefold().strip(".") not in TITLE_WORDS | GENERIC_WORDS for w in words)


PARTICLES = frozenset("al el bin ibn de da del der di dos du la le van von".split())
_AFFILIATION = re.compile(r"\s(?:of|from|at|for)\s|[(,;]")


def _name_word(word: str) -> bool:
    """'Donald', 'el-Sisi', 'van': a word that can be part of a person's name."""
    return word[0].isupper() or word.casefold() in PARTICLES or word.split("-")[-1][:1].isupper()


@functools.lru_cache(maxsize=1 << 16)
def core_name(text: str) -> str:
    """The person inside a titled name: 'United States President Donald Trump' -> 'Donald Trump'.
    Only when at least two name words follow the last role word, and never across an affiliation
    ('Mike Ryan of the WHO' stays itself); otherwise the name itself ('Russian Foreign Ministry')."""
    head = _AFFILIATION.split(unicodedata.normalize("NFKC", text), maxsplit=1)[0]
    words = _WORD.findall(head)
    breaks = [i for i, w in enumerate(words) if w.casefold().strip(".") in TITLE_WORDS or not _name_word(w)]
    if not breaks:
        return text
    tail = words[breaks[-1] + 1:]
    return " ".join(tail) if len(tail) >= 2 else text


@dataclass
class Mention:
    """One actor of one brief (or a speaker with no actor entry)."""

    article: int
    name: str
    aliases: list[str]
    mergeable: bool
    key: str


@dataclass
class Group:
    name: str
    names: Counter  # every spelling merged into this actor, with how many articles use it
    articles: set[int] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # statements, denials, appeals


class ActorMerger:
    """Merges the actors of many briefs into people and bodies, and says why for each merge.

    1. A proper name is reduced to its core ('President Donald Trump' -> 'Donald Trump') and
       compared case- and spacing-insensitively; the same core in two articles is one actor.
    2. An alias joins the actor it names when exactly one other actor claims it: 'Trump', an actor
       of its own in one article, joins Donald Trump when Donald Trump (in any article) lists
       'Trump' as an alias and no other actor does. Claimed by two ('Trump' for Donald and Ivanka
       Trump), it merges nothing and is listed as ambiguous.
    Pronouns, roles and generic words ('he', 'the president', 'officials') never merge across
    articles: each stays an actor of its own article.
    """

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels  # article number -> what the reasons call it
        self.mentions: list[Mention] = []
        self._by_brief_actor: dict[tuple[int, str], int] = {}
        self._by_speaker: dict[tuple[int, str], int] = {}
        self.ambiguous: list[str] = []

    def add_brief(self, number: int, brief: BriefFields) -> None:
        for actor in brief.actors:
            self._by_brief_actor[(number, actor.id)] = self._add(number, actor.name, actor.aliases)

    def mention_of(self, number: int, actor_id: str | None, speaker: str, resolved: bool = True) -> int:
        """The mention a statement, denial or appeal belongs to (made for a speaker with no actor)."""
        if actor_id is not None and (number, actor_id) in self._by_brief_actor:
            return self._by_brief_actor[(number, actor_id)]
        key = (number, speaker if resolved else f"\x00{speaker}")
        if key not in self._by_speaker:
            self._by_speaker[key] = self._add(number, speaker, [], mergeable=resolved)
        return self._by_speaker[key]

    def _add(self, number: int, name: str, aliases: list[str], mergeable: bool = True) -> int:
        mergeable = mergeable and is_name(name)
        key = name_key(core_name(name)) if mergeable else f"{number}\x00{name_key(name)}"
        self.mentions.append(Mention(number, name, list(aliases), mergeable, key or name))
        return len(self.mentions) - 1

    def groups(self) -> tuple[list[Group], list[int]]:
        """The merged actors, and for each mention the index of its group."""
        parent = list(range(len(self.mentions)))
        why: dict[int, list[str]] = defaultdict(list)

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first_with_key: dict[str, int] = {}
        for i, mention in enumerate(self.mentions):
            j = first_with_key.setdefault(mention.key, i)
            if j != i:
                parent[find(i)] = find(j)
        claimants: dict[str, set[str]] = defaultdict(set)
        example: dict[tuple[str, str], int] = {}
        for i, mention in enumerate(self.mentions):
            if not mention.mergeable:
                continue
            for alias in mention.aliases:
                alias_key = name_key(alias)
                if is_name(alias) and alias_key and alias_key != mention.key:
                    claimants[alias_key].add(mention.key)
                    example.setdefault((alias_key, mention.key), i)
        for alias_key, owners in sorted(claimants.items()):
            if alias_key not in first_with_key:
                continue  # no actor goes by this alias alone: nothing to join
            owners = owners - {alias_key}
            bare = first_with_key[alias_key]
            if len(owners) == 1:
                owner = next(iter(owners))
                source = self.mentions[example[(alias_key, owner)]]
                if find(bare) != find(first_with_key[owner]):
                    parent[find(bare)] = find(first_with_key[owner])
                    why[first_with_key[owner]].append(
                        f"“{self.mentions[bare].name}” is an alias of “{source.name}” in {self.labels[source.article]}")
            elif len(owners) > 1:
                names = sorted({self.mentions[first_with_key[o]].name for o in owners})
                self.ambiguous.append(f"“{self.mentions[bare].name}” not merged: it could be "
                                      + " or ".join(f"“{n}”" for n in names))
        roots: dict[int, int] = {}
        groups: list[Group] = []
        assignment = []
        for i, mention in enumerate(self.mentions):
            root = find(i)
            if root not in roots:
                roots[root] = len(groups)
                groups.append(Group(mention.name, Counter()))
            group = groups[roots[root]]
            group.articles.add(mention.article)
            group.names[mention.name] += 1
            assignment.append(roots[root])
        for i, reasons in why.items():
            groups[roots[find(i)]].reasons.extend(reasons)
        for group in groups:
            # The most used name; on a tie the one without a title, then the fullest.
            group.name = max(group.names, key=lambda n: (group.names[n], core_name(n) == n, len(n)))
            for other in sorted(n for n in group.names if n != group.name):
                if name_key(other) == name_key(group.name):
                    group.reasons.append(f"“{other}”: the same name, written differently")
                elif name_key(core_name(other)) == name_key(core_name(group.name)):
                    group.reasons.append(f"“{other}”: the same name with a title or role")
        return groups, assignment


# --- the report ----------------------------------------------------------------------------------
@dataclass
class Column:
    label: str
    type: str = "text"  # text, num, article (index), actor (index), item ([article, id])


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list]
    csv_header: list[str]
    csv_rows: list[list]
    note: str = ""


@dataclass
class ReportSummary:
    briefs: int
    failed: int
    actors: int
    merges: int
    statements: int
    denials: int
    appeals: int
    figures: int
    seconds: float
    report_dir: Path

    def line(self) -> str:
        return (f"{self.briefs:,} brief(s), {self.failed:,} failed; {self.actors:,} actors ({self.merges:,} merged "
                f"across names), {self.statements:,} statements, {self.denials:,} denials, {self.appeals:,} "
                f"appeals, {self.figures:,} figures in {self.seconds:.2f} s")


def build_tables(articles: list[Article], failures: list[Failure]) -> tuple[list[Table], list[Group]]:
    merger = ActorMerger([article.rel for article in articles])
    for number, article in enumerate(articles):
        merger.add_brief(number, article.brief)
    statements, denials, appeals, figures = [], [], [], []
    statements_csv, denials_csv, appeals_csv, figures_csv = [], [], [], []
    items_of: list[tuple[str, int, str]] = []  # (kind, mention, id), resolved to groups below
    for number, article in enumerate(articles):
        brief = article.brief
        for n, s in enumerate(brief.statements):
            mention = merger.mention_of(number, s.actor_id, s.speaker, s.speaker_resolved)
            said = s.quote if s.direct and s.quote else s.text
            statements.append([mention, s.speaker, s.kind, said, number, [number, item_id("statement", n)]])
            items_of.append(("statements", mention, ""))
            statements_csv.append([s.speaker, s.kind, s.text, s.quote or "", s.direct, s.grounded])
        for n, d in enumerate(brief.denials):
            mention = merger.mention_of(number, d.actor_id, d.speaker)
            denials.append([mention, d.denied, d.alleged_by or "", number, [number, item_id("denial", n)]])
            items_of.append(("denials", mention, ""))
            denials_csv.append([d.speaker, d.denied, d.alleged_by or "", d.grounded])
        for n, a in enumerate(brief.appeals):
            mention = merger.mention_of(number, a.actor_id, a.speaker)
            appeals.append([mention, a.addressee or "", a.request, number, [number, item_id("appeal", n)]])
            items_of.append(("appeals", mention, ""))
            appeals_csv.append([a.speaker, a.addressee or "", a.request, a.grounded])
        for n, f in enumerate(brief.figures):
            figures.append([f.raw, f.value, figure_value(f), f.unit or "", f.what, number,
                            [number, item_id("figure", n)]])
            figures_csv.append([f.raw, f.value, f.value_max, f.unit or "", f.what, f.approximate, f.comparator or "",
                                f.grounded])
    groups, assignment = merger.groups()
    for kind, mention, _ in items_of:
        groups[assignment[mention]].counts[kind] += 1
    for rows in (statements, denials, appeals):
        for row in rows:
            row[0] = assignment[row[0]]

    def where(row_item: list) -> list:
        number, identifier = row_item
        article = articles[number]
        link = f"{article.href}#{identifier}" if article.href else ""
        return [article.rel, identifier, link]

    # Most items first: the people a reader looks for are at the top.
    spoke = sorted((g for g in range(len(groups)) if sum(groups[g].counts.values())),
                   key=lambda g: (-sum(groups[g].counts.values()), groups[g].name.casefold()))
    actor_rows = [[g, " · ".join(sorted(n for n in groups[g].names if n != groups[g].name)), len(groups[g].articles),
                   groups[g].counts["statements"], groups[g].counts["denials"], groups[g].counts["appeals"]]
                  for g in spoke]
    actor_csv = [[groups[r[0]].name, r[1], r[2], r[3], r[4], r[5],
                  "; ".join(articles[a].rel for a in sorted(groups[r[0]].articles))] for r in actor_rows]
    merged = [g for g in range(len(groups)) if len(groups[g].names) > 1]
    merge_rows = [[g, " · ".join(f"{n} ({c})" for n, c in groups[g].names.most_common()),
                   "; ".join(groups[g].reasons)] for g in merged]
    merge_rows += [["", "", reason] for reason in merger.ambiguous]
    tables = [
        Table("actors", "Actors across articles",
              [Column("Actor", "actor"), Column("Also named"), Column("Articles", "num"), Column("Statements", "num"),
               Column("Denials", "num"), Column("Appeals", "num")], actor_rows,
              ["actor", "also_named", "articles", "statements", "denials", "appeals", "article_paths"], actor_csv,
              "Click an actor to see only their items below. Names merged across articles are listed under "
              "“Merged names”."),
        Table("statements", "Who said what",
              [Column("Actor", "actor"), Column("Speaker as written"), Column("Kind"), Column("What was said"),
               Column("Article", "article"), Column("Item", "item")], statements,
              ["actor", "speaker", "kind", "text", "quote", "direct", "grounded", "article", "item", "link"],
              [[groups[r[0]].name, *c[:3], c[3], c[4], c[5], *where(r[5])] for r, c in zip(statements, statements_csv)]),
        Table("denials", "Denials",
              [Column("Who denied", "actor"), Column("What"), Column("Claim made by"), Column("Article", "article"),
               Column("Item", "item")], denials,
              ["actor", "speaker", "denied", "alleged_by", "grounded", "article", "item", "link"],
              [[groups[r[0]].name, *c, *where(r[4])] for r, c in zip(denials, denials_csv)]),
        Table("appeals", "Appeals",
              [Column("Who appealed", "actor"), Column("To whom"), Column("Asking"), Column("Article", "article"),
               Column("Item", "item")], appeals,
              ["actor", "speaker", "addressee", "request", "grounded", "article", "item", "link"],
              [[groups[r[0]].name, *c, *where(r[4])] for r, c in zip(appeals, appeals_csv)]),
        Table("figures", "Every figure",
              [Column("As written"), Column("Value", "num"), Column("Reads"), Column("Unit"), Column("What"),
               Column("Article", "article"), Column("Item", "item")], figures,
              ["raw", "value", "value_max", "unit", "what", "approximate", "comparator", "grounded", "article", "item",
               "link"],
              [[*c, *where(r[6])] for r, c in zip(figures, figures_csv)]),
        Table("failures", "Failed articles",
              [Column("Path"), Column("Reason")], [[f.path, f.reason] for f in failures],
              ["path", "reason"], [[f.path, f.reason] for f in failures]),
        Table("merges", "Merged names",
              [Column("Actor", "actor"), Column("Names merged (mentions)"), Column("Why")], merge_rows,
              ["actor", "names", "why"], [[groups[r[0]].name if r[0] != "" else "", r[1], r[2]] for r in merge_rows],
              "Every merge of differently written names into one actor, and every name left unmerged because it "
              "could be more than one actor."),
    ]
    return tables, groups


_FORMULA = re.compile(r"^[=+@\t\r]|^-(?![\d.])")
_FORMULA_STARTS = frozenset("=+@\t\r-")


def _csv_cell(value: object) -> object:
    """Spreadsheets run a cell starting with '=', '+', '@' or '-' as a formula: prefix it with a quote."""
    if value.__class__ is str and value[:1] in _FORMULA_STARTS and _FORMULA.match(value):
        return "'" + value
    return "" if value is None else value


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _json_for_script(data: object) -> str:
    # Inside <script type="application/json"> only "</script" could end the block early; escaping
    # every "<", ">" and "&" makes that impossible whatever the articles say.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_report(tables: list[Table], groups: list[Group], articles: list[Article], title: str,
                  summary: ReportSummary) -> str:
    data = {
        "articles": [[a.title, a.rel, a.href] for a in articles],
        "actors": [g.name for g in groups],
        "tables": {t.name: {"columns": [[c.label, c.type] for c in t.columns], "rows": t.rows} for t in tables},
    }
    nav = " · ".join(f'<a href="#sec-{t.name}">{escape(t.title)} ({len(t.rows):,})</a>' for t in tables)
    sections = []
    for table in tables:
        note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
        sections.append(
            f'<section id="sec-{table.name}" class="report-table" data-table="{table.name}">'
            f'<h2>{escape(table.title)} <span class="count">{len(table.rows):,}</span></h2>{note}'
            '<div class="controls"><input type="search" placeholder="Filter…" aria-label="Filter '
            f'{escape(table.title)}"><span class="only" hidden></span>'
            f'<a class="csv" href="{table.name}.csv" download>CSV</a></div>'
            '<div class="scroll"><table><thead></thead><tbody></tbody></table></div>'
            '<div class="pager"><button type="button" class="prev">‹ previous</button><span class="where"></span>'
            '<button type="button" class="next">next ›</button></div></section>')
    body = (f"<main><header><h1>{escape(title)}</h1><p class=\"meta\">{escape(summary.line())}</p>"
            f'<nav class="toc">{nav}</nav></header>'
            '<noscript><p class="warn">The tables need JavaScript (written here, nothing is loaded); '
            'the same rows are in the CSV files next to this page.</p></noscript>'
            + "".join(sections)
            + f'<script type="application/json" id="report-data">{_json_for_script(data)}</script></main>')
    return page(title, body, REPORT_STYLE, REPORT_SCRIPT)


def make_report(outdir: Path, report_dir: Path | None = None) -> ReportSummary:
    """Read every brief under ``outdir`` and write report_dir/index.html and one CSV per table."""
    # Millions of small objects, none in a cycle: the cyclic collector would walk them again and
    # again as they are made (two thirds of the time over 10,000 briefs) and never free one.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _make_report(outdir, report_dir)
    finally:
        if collecting:
            gc.enable()


def _make_report(outdir: Path, report_dir: Path | None) -> ReportSummary:
    started = time.perf_counter()
    if not outdir.is_dir():
        raise ReportError(f"{outdir}: not a directory (give the -o folder of a `summarizer batch` run)")
    report_dir = report_dir or outdir / REPORT_DIR
    articles, failures = load_folder(outdir, report_dir)
    if not articles and not failures:
        raise ReportError(f"{outdir}: no briefs (*.json) and no {INDEX_NAME}; run `summarizer batch DIR -o "
                          f"{outdir}` first")
    tables, groups = build_tables(articles, failures)
    by_name = {t.name: t for t in tables}
    summary = ReportSummary(
        briefs=len(articles), failed=len(failures), actors=len(by_name["actors"].rows),
        merges=sum(1 for g in groups if len(g.names) > 1), statements=len(by_name["statements"].rows),
        denials=len(by_name["denials"].rows), appeals=len(by_name["appeals"].rows),
        figures=len(by_name["figures"].rows), seconds=0.0, report_dir=report_dir)
    try:
        for table in tables:
            atomic_write_text(report_dir / f"{table.name}.csv", _csv(table.csv_header, table.csv_rows))
        summary.seconds = time.perf_counter() - started
        html = render_report(tables, groups, articles, f"Report: {outdir.resolve().name}", summary)
        atomic_write_text(report_dir / "index.html", html)
    except OSError as error:
        raise ReportError(f"{report_dir}: cannot write ({error.strerror or error})") from None
    summary.seconds = time.perf_counter() - started
    return summary


REPORT_STYLE = """
:root{--ink:#1d1d1f;--muted:#5b5b66;--line:#d9d9e0}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink)}
main{max-width:80rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.4rem 0}h2{font-size:1.15rem;margin:1.8rem 0 .4rem}
.meta,.note,.count,.where{color:var(--muted);font-size:.88rem}
.toc{display:flex;flex-wrap:wrap;gap:.3rem .8rem;font-size:.9rem}
.warn{border:2px solid #c77700;background:#fff6e5;padding:.5rem;border-radius:6px}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.3rem 0}
.controls input{flex:1 1 14rem;max-width:28rem;padding:.35rem .5rem;font:inherit;border:1px solid #aaa;border-radius:4px}
.only{background:#e8f0ff;border-radius:1rem;padding:.1rem .6rem}.only button{border:0;background:none;cursor:pointer}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .45rem;border-bottom:1px solid var(--line);overflow-wrap:break-word}
td{max-width:36rem}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:left}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
th{background:#f4f4f7;position:sticky;top:0}
td.num{text-align:right;white-space:nowrap}
.actor{background:none;border:0;padding:0;font:inherit;color:#1f5fbf;cursor:pointer;text-align:left}
.pager{display:flex;gap:.6rem;align-items:center;margin:.4rem 0}
a{color:#1f5fbf}
@media (max-width:640px){main{padding:.5rem}td{max-width:70vw}}
@media print{.controls,.pager,.toc,noscript{display:none}th{position:static}a{color:inherit}}
"""

# The tables: each section[data-table] gets its rows from the JSON block, then a filter box
# (every word must appear in the row), sorting by any column, an actor filter, and pages of 50.
REPORT_SCRIPT = """(function(){"use strict";
var data=JSON.parse(document.getElementById("report-data").textContent);
var PAGE=50,tables={};
function text(type,v){
 if(v===null||v===undefined)return "";
 if(type==="article")return data.articles[v][0];
 if(type==="actor")return v===""?"":data.actors[v];
 if(type==="item")return v[1];
 return String(v);}
function Table(section){
 var spec=data.tables[section.getAttribute("data-table")],self=this;
 this.section=section;this.cols=spec.columns;this.rows=spec.rows;this.view=this.rows;this.page=0;
 this.sortBy=-1;this.dir=1;this.words=[];this.actor=null;this.hay=null;
 this.actorCol=this.cols.findIndex(function(c){return c[1]==="actor";});
 var tr=document.createElement("tr");
 this.cols.forEach(function(c,i){var th=document.createElement("th"),b=document.createElement("button");
  b.type="button";b.textContent=c[0];b.addEventListener("click",function(){self.sort(i);});th.appendChild(b);tr.appendChild(th);});
 section.querySelector("thead").appendChild(tr);
 this.body=section.querySelector("tbody");this.where=section.querySelector(".where");
 this.only=section.querySelector(".only");
 var timer,input=section.querySelector("input");
 input.addEventListener("input",function(){clearTimeout(timer);timer=setTimeout(function(){
  self.words=input.value.toLowerCase().split(/\\s+/).filter(Boolean);self.apply();},120);});
 section.querySelector(".prev").addEventListener("click",function(){self.go(self.page-1);});
 section.querySelector(".next").addEventListener("click",function(){self.go(self.page+1);});
 this.apply();}
Table.prototype.haystack=function(i){
 if(!this.hay)this.hay=new Array(this.rows.length);
 var h=this.hay[i];if(h===undefined){var r=this.rows[i],cols=this.cols;
  h=this.hay[i]=r.map(function(v,k){return text(cols[k][1],v);}).join("\\u0001").toLowerCase();}
 return h;};
Table.prototype.apply=function(){
 var self=this,out=[];
 for(var i=0;i<this.rows.length;i++){
  if(this.actor!==null&&this.rows[i][this.actorCol]!==this.actor)continue;
  if(this.words.length){var h=this.haystack(i),ok=true;
   for(var w=0;w<this.words.length;w++)if(h.indexOf(this.words[w])<0){ok=false;break;}
   if(!ok)continue;}
  out.push(this.rows[i]);}
 if(this.sortBy>=0){var k=this.sortBy,type=this.cols[k][1],dir=this.dir;
  var key=function(r){var v=r[k];if(type==="num")return v===null?-Infinity:v;return text(type,v).toLowerCase();};
  var keyed=out.map(function(r,i){return [key(r),i,r];});
  keyed.sort(function(a,b){return a[0]<b[0]?-dir:a[0]>b[0]?dir:a[1]-b[1];});
  out=keyed.map(function(x){return x[2];});}
 this.view=out;this.go(0);};
Table.prototype.sort=function(k){
 this.dir=this.sortBy===k?-this.dir:1;this.sortBy=k;
 var ths=this.section.querySelectorAll("th");
 for(var i=0;i<ths.length;i++)ths[i].removeAttribute("aria-sort");
 ths[k].setAttribute("aria-sort",this.dir>0?"ascending":"descending");this.apply();};
Table.prototype.go=function(p){
 var pages=Math.max(1,Math.ceil(this.view.length/PAGE));this.page=Math.min(Math.max(0,p),pages-1);
 var start=this.page*PAGE,end=Math.min(this.view.length,start+PAGE),frag=document.createDocumentFragment();
 for(var i=start;i<end;i++)frag.appendChild(this.row(this.view[i]));
 this.body.replaceChildren(frag);
 this.where.textContent=this.view.length?("rows "+(start+1)+"–"+end+" of "+this.view.length.toLocaleString()+
  (this.view.length<this.rows.length?" (filtered from "+this.rows.length.toLocaleString()+")":"")+
  " · page "+(this.page+1)+" of "+pages):"no rows";
 this.section.querySelector(".prev").disabled=this.page===0;
 this.section.querySelector(".next").disabled=this.page>=pages-1;};
Table.prototype.row=function(r){
 var tr=document.createElement("tr"),cols=this.cols;
 r.forEach(function(v,k){var td=document.createElement("td"),type=cols[k][1];
  if(type==="num"){td.className="num";td.textContent=v===null?"—":Number(v).toLocaleString();}
  else if(type==="actor"&&v!==""){var b=document.createElement("button");b.type="button";b.className="actor";
   b.textContent=data.actors[v];b.title="Only this actor's items";b.addEventListener("click",function(){only(v);});td.appendChild(b);}
  else if(type==="article"||type==="item"){var a=data.articles[type==="item"?v[0]:v],href=a[2];
   var label=type==="item"?v[1]:a[0];
   if(href){var link=document.createElement("a");link.setAttribute("href",type==="item"?href+"#"+v[1]:href);
    link.textContent=label;if(type==="article")link.title=a[1];td.appendChild(link);}
   else{td.textContent=label;if(type==="article")td.title=a[1];}}
  else td.textContent=text(type,v);
  tr.appendChild(td);});
 return tr;};
Table.prototype.setActor=function(g){
 if(this.actorCol<0||this.section.getAttribute("data-table")==="actors")return;
 this.actor=g;this.only.hidden=g===null;this.only.replaceChildren();
 if(g!==null){var b=document.createElement("button");b.type="button";b.textContent="×";b.title="Show every actor";
  b.addEventListener("click",function(){only(null);});
  this.only.append("only: "+data.actors[g]+" ",b);}
 this.apply();};
function only(g){for(var n in tables)tables[n].setActor(g);
 if(g!==null)document.getElementById("sec-statements").scrollIntoView({block:"start"});}
var sections=document.querySelectorAll("section[data-table]");
for(var i=0;i<sections.length;i++)tables[sections[i].getAttribute("data-table")]=new Table(sections[i]);
window.summarizerReport=tables;
})();"""
