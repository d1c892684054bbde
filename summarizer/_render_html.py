"""Stage 7, render: a Brief and its article text -> one self-contained HTML page for people.

The brief comes first (summary, key points, tables of every item), then the whole article with
every item highlighted at its offsets, one colour per kind. Nothing is fetched: styles and the
small script are inline, so the page opens offline and can be mailed.

Safety: every piece of article or model text goes through ``html.escape``, and a
Content-Security-Policy lets only this page's own script run (by its hash), so even a mistake in
escaping could not run a script an article carries.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from ._models import Brief, Evidence, Figure
from ._render import model_calls

KINDS = ("statement", "denial", "appeal", "figure")
# Item ids are the anchors of the page (brief.html#s3) and what the folder report links to.
ID_PREFIX = {"statement": "s", "denial": "d", "appeal": "p", "figure": "f"}
ITEM_ID = re.compile(r"^[sdpf][0-9]+$")


def item_id(kind: str, position: int) -> str:
    """The id of the ``position``-th (0-based) item of ``kind`` in a brief, e.g. 's1'."""
    return f"{ID_PREFIX[kind]}{position + 1}"


def figure_value(figure: Figure) -> str:
    """A figure's value as a person reads it: '≈ 2,000', 'more than 10', '3 – 5 billion'."""
    if figure.value is None:
        return "—"
    value = _number(figure.value)
    if figure.value_max is not None:
        value += f" – {_number(figure.value_max)}"
    if figure.comparator:
        return f"{figure.comparator} {value}"
    return f"≈ {value}" if figure.approximate else value


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    evidence: Evidence
    grounded: bool
    hover: str  # the tooltip line: id, kind, who, and the value for figures

    @property
    def spanned(self) -> bool:
        return self.grounded and self.evidence.end > self.evidence.start


def brief_items(brief: Brief) -> list[Item]:
    """Every item of the brief that points into the article, in table order."""
    def item(kind: str, number: int, entry, detail: str) -> Item:
        identifier = item_id(kind, number)
        return Item(identifier, kind, entry.evidence, entry.grounded, f"{identifier} · {kind}{detail}")

    def claim(d) -> str:
        return f" (claim made by {d.alleged_by})" if d.alleged_by else ""

    return [
        *(item("statement", n, s, f" ({s.kind}) · {s.speaker}") for n, s in enumerate(brief.statements)),
        *(item("denial", n, d, f" · {d.speaker}{claim(d)}") for n, d in enumerate(brief.denials)),
        *(item("appeal", n, a, f" · {a.speaker}" + (f" → {a.addressee}" if a.addressee else ""))
          for n, a in enumerate(brief.appeals)),
        *(item("figure", n, f, f" · {figure_value(f)}" + (f" {f.unit}" if f.unit else "") + f" · {f.what}")
          for n, f in enumerate(brief.figures)),
    ]


def check_article_text(brief: Brief, article_text: str) -> None:
    """Refuse to draw highlights on a text the offsets do not index (the wrong file, or HTML
    given raw instead of its extracted text): every span would be in the wrong place."""
    if len(article_text) != brief.article.chars:
        raise ValueError(f"the article text has {len(article_text):,} characters but the brief indexes "
                         f"{brief.article.chars:,}: not the text this brief was made from")
    for item in brief_items(brief):
        evidence = item.evidence
        if item.spanned and article_text[evidence.start:evidence.end] != evidence.text:
            raise ValueError(f"item {item.id}: the article's characters {evidence.start}–{evidence.end} are not "
                             f"its evidence: not the text this brief was made from")


def highlight_article(article_text: str, items: list[Item]) -> str:
    """The article as escaped HTML, every spanned item wrapped in <mark>s.

    Spans may overlap or coincide (an appeal is also a statement), so the text is cut at every
    span boundary and each piece is one <mark> naming every item that covers it, innermost first:
    nothing is lost, and each item's marks joined give back exactly its evidence text. An empty
    anchor at each item's start is the target of brief.html#<id>.
    """
    spans = [item for item in items if item.spanned]
    opening: dict[int, list[Item]] = defaultdict(list)
    closing: dict[int, list[Item]] = defaultdict(list)
    for item in spans:
        opening[item.evidence.start].append(item)
        closing[item.evidence.end].append(item)
    bounds = sorted({0, len(article_text), *opening, *closing})
    active: dict[str, Item] = {}
    out: list[str] = []
    for start, end in zip(bounds, bounds[1:]):
        for item in closing.get(start, ()):
            active.pop(item.id, None)
        for item in opening.get(start, ()):
            active[item.id] = item
            out.append(f'<span class="anchor" id="{item.id}"></span>')
        piece = escape(article_text[start:end])
        if not active:
            out.append(piece)
            continue
        covering = sorted(active.values(), key=lambda i: (i.evidence.end - i.evidence.start, i.id))
        kinds = list(dict.fromkeys(item.kind for item in covering))
        classes = [f"k-{kinds[0]}"] + ([f"also-{kinds[1]}"] if len(kinds) > 1 else [])
        if len(covering) > 1:
            classes.append("overlap")
        hover = escape("\n".join(item.hover for item in covering)).replace("\n", "&#10;")
        out.append(f'<mark class="{" ".join(classes)}" data-items="{" ".join(i.id for i in covering)}" '
                   f'title="{hover}">{piece}</mark>')
    return "".join(out)


# --- the page ----------------------------------------------------------------------------------
def _e(text: object) -> str:
    return escape(str(text)) if text is not None and text != "" else "—"


def _chars(evidence: Evidence, grounded: bool) -> str:
    if not grounded:
        return '<span class="badge ungrounded">ungrounded: not in the article</span>'
    where = f'<span class="nowrap">{evidence.start}–{evidence.end}</span>'
    return where + (f' <span class="badge">{evidence.match}</span>' if evidence.match != "exact" else "")


def _row(item: Item, cells: list[tuple[str, str]]) -> str:
    """One table row; its first cell links to the item's span (none for an ungrounded item)."""
    label = f'<a href="#{item.id}" data-item="{item.id}">{item.id}</a>' if item.spanned else item.id
    attributes = f' data-item="{item.id}"' if item.spanned else ' class="ungrounded"'
    tds = "".join(f'<td data-label="{escape(name)}">{html}</td>' for name, html in cells)
    return f'<tr id="row-{item.id}"{attributes}><td data-label="#">{label}</td>{tds}</tr>'


def _table(kind: str, title: str, headers: list[str], rows: list[str], empty: str) -> str:
    head = f'<h2 id="{kind}s">{escape(title)} <span class="count">{len(rows)}</span></h2>'
    if not rows:
        return f'<section class="items {kind}">{head}<p class="none">{escape(empty)}</p></section>'
    ths = "".join(f"<th>{escape(h)}</th>" for h in ["#", *headers])
    return (f'<section class="items {kind}">{head}<table class="k-table t-{kind}"><thead><tr>{ths}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def _tables(brief: Brief, items: list[Item]) -> str:
    by_id = {item.id: item for item in items}
    parts = []
    rows = []
    for n, s in enumerate(brief.statements):
        item = by_id[item_id("statement", n)]
        speaker = _e(s.speaker)
        if not s.speaker_resolved:
            speaker += ' <span class="badge">unresolved</span>'
        if s.reported_via:
            speaker += f' <span class="via">via {escape(", ".join(s.reported_via))}</span>'
        said = f"“{escape(s.quote)}”" if s.direct and s.quote else _e(s.text)
        rows.append(_row(item, [("Speaker", speaker), ("Kind", f'<span class="nowrap">{escape(s.kind)}</span>'), ("What was said", said),
                                ("Chars", _chars(s.evidence, s.grounded))]))
    parts.append(_table("statement", "Who said what", ["Speaker", "Kind", "What was said", "Chars"], rows,
                        "No attributed statements found."))
    rows = [_row(by_id[item_id("denial", n)],
                 [("Who denied", _e(d.speaker)), ("What", _e(d.denied)), ("Claim made by", _e(d.alleged_by)),
                  ("Chars", _chars(d.evidence, d.grounded))])
            for n, d in enumerate(brief.denials)]
    parts.append(_table("denial", "Denials", ["Who denied", "What", "Claim made by", "Chars"], rows, "None."))
    rows = [_row(by_id[item_id("appeal", n)],
                 [("Who appealed", _e(a.speaker)), ("To whom", _e(a.addressee)), ("Asking", _e(a.request)),
                  ("Chars", _chars(a.evidence, a.grounded))])
            for n, a in enumerate(brief.appeals)]
    parts.append(_table("appeal", "Appeals", ["Who appealed", "To whom", "Asking", "Chars"], rows, "None."))
    rows = [_row(by_id[item_id("figure", n)],
                 [("As written", _e(f.raw)), ("Value", _e(figure_value(f))), ("Unit", _e(f.unit)),
                  ("What", _e(f.what)), ("Chars", _chars(f.evidence, f.grounded))])
            for n, f in enumerate(brief.figures)]
    parts.append(_table("figure", "Figures", ["As written", "Value", "Unit", "What", "Chars"], rows, "None."))
    parts.append(_actors(brief))
    return "".join(parts)


def _actors(brief: Brief) -> str:
    said: dict[str, list[str]] = defaultdict(list)
    for kind, entries in (("statement", brief.statements), ("denial", brief.denials), ("appeal", brief.appeals)):
        for n, entry in enumerate(entries):
            if entry.actor_id:
                said[entry.actor_id].append(item_id(kind, n))
    if not brief.actors:
        return ""
    rows = []
    for actor in brief.actors:
        links = " ".join(f'<a href="#{i}" data-item="{i}">{i}</a>' for i in said.get(actor.id, []))
        rows.append(f'<tr><td data-label="Id">{escape(actor.id)}</td><td data-label="Name">{escape(actor.name)}</td>'
                    f'<td data-label="Role">{_e(actor.role)}</td>'
                    f'<td data-label="Also called">{_e("; ".join(actor.aliases))}</td>'
                    f'<td data-label="Items">{links or "—"}</td></tr>')
    return ('<section class="items actor"><h2 id="actors">Actors <span class="count">'
            f'{len(brief.actors)}</span></h2><table class="k-table t-actor"><thead><tr><th>Id</th><th>Name</th>'
            f'<th>Role</th><th>Also called</th><th>Items</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            "</section>")


def csp(script: str) -> str:
    """A policy under which only ``script`` runs: no other script, handler, fetch or frame."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
            "base-uri 'none'; form-action 'none'")


def page(title: str, body: str, style: str, script: str) -> str:
    """A complete HTML document with its style and script inline (shared with the folder report)."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{csp(script)}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{style}</style></head>\n<body>{body}\n"
            f"<script>{script}</script></body></html>\n")


def render_html(brief: Brief, article_text: str) -> str:
    """The brief as one self-contained HTML page; ``article_text`` is the text its offsets index
    (the decoded file, or for HTML input its extracted main text: ``read_article(path).text``)."""
    check_article_text(brief, article_text)
    items = brief_items(brief)
    title = brief.article.title or brief.article.path or "Brief"
    run = brief.run
    meta = (f"{escape(brief.article.path or 'text')} · sha256 {escape(brief.article.sha256[:12])} · "
            f"{brief.article.chars:,} chars · backend {escape(run.backend)}"
            + (f" ({escape(run.model)})" if run.model else ""))
    counts = {kind: sum(1 for item in items if item.kind == kind) for kind in KINDS}
    ungrounded = sum(1 for item in items if not item.grounded)
    legend = "".join(f'<span class="chip k-{kind}">{kind}s <b>{counts[kind]}</b></span>' for kind in KINDS)
    parts = [f'<header><h1>{escape(title)}</h1><p class="meta">{meta}</p></header>']
    if run.warnings or ungrounded:
        lines = [f"<li>{escape(w)}</li>" for w in run.warnings]
        if ungrounded:
            lines.append(f"<li>{ungrounded} item(s) could not be found in the article and are kept marked "
                         "“ungrounded”: they have no highlight.</li>")
        parts.append(f'<section class="warnings" role="alert"><h2>Warnings</h2><ul>{"".join(lines)}</ul></section>')
    parts.append(f'<section><h2 id="summary">Summary</h2><p class="summary">{_e(brief.summary)}</p>')
    if brief.key_points:
        parts.append('<h3>Key points</h3><ul>' + "".join(f"<li>{escape(p)}</li>" for p in brief.key_points)
                     + "</ul>")
    parts.append("</section>")
    parts.append(f'<nav class="legend noprint" aria-label="Highlight colours">{legend}'
                 '<span class="chip overlap-chip">underlined: more than one item</span>'
                 '<a href="#article">to the article ↓</a></nav>')
    parts.append(_tables(brief, items))
    if brief.sources:
        parts.append(f'<p class="sources"><b>Sources credited:</b> {escape(", ".join(brief.sources))}</p>')
    parts.append('<section class="article-section"><h2 id="article">The article, highlighted</h2>'
                 '<p class="hint noprint">Click an item in a table to see it here; hover a highlight for who and what.'
                 f'</p><div class="article" lang="en">{highlight_article(article_text, items)}</div></section>')
    parts.append(f'<footer><p class="meta">Run: {escape(run.backend)}, strategy {_e(run.strategy)}, prompts '
                 f"{_e(run.prompt_version)}, {run.tokens.total:,} tokens, {escape(model_calls(run))}, "
                 f"{run.seconds:.1f} s. Made by summarizer.</p></footer>")
    return page(title, "<main>" + "".join(parts) + "</main>", STYLE, SCRIPT)


# One colour per kind, readable as text background, distinct in print and for common colour blindness.
STYLE = """
:root{--statement:#cfe3ff;--denial:#ffd0cc;--appeal:#c9f0d6;--figure:#ffe8a3;--ink:#1d1d1f;--muted:#5b5b66;
--line:#d9d9e0;--statement-ink:#1f5fbf;--denial-ink:#b3261e;--appeal-ink:#1a7f3c;--figure-ink:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
main{max-width:62rem;margin:0 auto;padding:1rem}
h1{font-size:1.55rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
.meta,.hint,.none,.via{color:var(--muted);font-size:.88rem;overflow-wrap:anywhere}
.count{font-weight:400;color:var(--muted);font-size:.9rem}
.warnings{border:2px solid #c77700;background:#fff6e5;padding:.3rem 1rem;border-radius:6px;margin:1rem 0}
.warnings h2{border:0;margin:.4rem 0;color:#8a5300}
.legend{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:1rem 0;font-size:.9rem}
.chip{padding:.1rem .5rem;border-radius:1rem;border:1px solid var(--line)}
.chip.k-statement{background:var(--statement)}.chip.k-denial{background:var(--denial)}
.chip.k-appeal{background:var(--appeal)}.chip.k-figure{background:var(--figure)}
.overlap-chip{text-decoration:underline 3px;text-underline-offset:3px}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .45rem;border-bottom:1px solid var(--line);overflow-wrap:break-word}
td:first-child,.nowrap{white-space:nowrap}
th{background:#f4f4f7;font-weight:600}
tr[data-item]{cursor:pointer}tr[data-item]:hover{background:#f6f8ff}
tr.ungrounded{background:repeating-linear-gradient(135deg,#fff,#fff 6px,#f3f3f3 6px,#f3f3f3 12px)}
.t-statement td:first-child{border-left:4px solid var(--statement-ink)}
.t-denial td:first-child{border-left:4px solid var(--denial-ink)}
.t-appeal td:first-child{border-left:4px solid var(--appeal-ink)}
.t-figure td:first-child{border-left:4px solid var(--figure-ink)}
.badge{display:inline-block;font-size:.75rem;padding:0 .35rem;border-radius:.6rem;background:#eee;color:#444}
.badge.ungrounded{background:#ffe1dc;color:#8c1d13}
a{color:#1f5fbf}
.article{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;font-size:1.05rem;line-height:1.7;
overflow-wrap:anywhere;border:1px solid var(--line);border-radius:6px;padding:1rem}
mark{color:inherit;border-radius:2px;padding:0;scroll-margin:30vh;text-decoration-skip-ink:none}
mark.k-statement{background:var(--statement)}mark.k-denial{background:var(--denial)}
mark.k-appeal{background:var(--appeal)}mark.k-figure{background:var(--figure)}
mark.overlap{text-decoration:underline 3px var(--muted);text-underline-offset:3px}
mark.also-statement{text-decoration-color:var(--statement-ink)}mark.also-denial{text-decoration-color:var(--denial-ink)}
mark.also-appeal{text-decoration-color:var(--appeal-ink)}mark.also-figure{text-decoration-color:var(--figure-ink)}
mark.flash{animation:flash 1.8s ease-out}
@keyframes flash{0%,40%{outline:3px solid #ff8c00;background:#ffef5e}100%{outline:3px solid transparent}}
.anchor{scroll-margin:30vh}
tr.flash{animation:rowflash 1.8s ease-out}
@keyframes rowflash{0%,40%{background:#ffef5e}}
footer{margin:2rem 0 1rem}
@media (max-width:640px){
 main{padding:.6rem}
 h1{font-size:1.3rem}
 table.k-table,table.k-table tbody,table.k-table tr,table.k-table td{display:block;width:100%}
 table.k-table thead{display:none}
 table.k-table tr{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.2rem .3rem}
 table.k-table td{border:0;padding:.15rem .3rem}
 table.k-table td::before{content:attr(data-label);display:block;font-size:.72rem;color:var(--muted);
  text-transform:uppercase;letter-spacing:.03em}
 .article{padding:.6rem;font-size:1rem}
}
@media print{
 .noprint{display:none}
 body{font-size:11pt}main{max-width:none;padding:0}
 mark,.chip,th,.warnings{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
 tr,.warnings{break-inside:avoid}h2{break-after:avoid}
 .article{border:0;padding:0}
 tr[data-item]:hover{background:none}
}
@media (prefers-reduced-motion:reduce){mark.flash,tr.flash{animation-duration:.01s}}
"""

# Clicking an item (its row or its link) scrolls its first mark to the middle of the screen and
# flashes all of its marks; brief.html#s3 does the same on load. Without script the links still
# jump to the span, and the hover text is a plain title attribute.
SCRIPT = """(function(){"use strict";
var calm=window.matchMedia&&matchMedia("(prefers-reduced-motion: reduce)").matches;
function flash(el){el.classList.remove("flash");void el.offsetWidth;el.classList.add("flash");}
function show(id,smooth){
 if(!/^[sdpf][0-9]+$/.test(id))return false;
 var marks=document.querySelectorAll('mark[data-items~="'+id+'"]');
 if(!marks.length)return false;
 marks[0].scrollIntoView({block:"center",behavior:smooth&&!calm?"smooth":"auto"});
 for(var i=0;i<marks.length;i++)flash(marks[i]);
 return true;}
document.addEventListener("click",function(ev){
 if(ev.button!==0||ev.metaKey||ev.ctrlKey||ev.shiftKey||ev.altKey)return;
 var el=ev.target.closest&&ev.target.closest("[data-item]");
 if(!el||(el.tagName==="TR"&&String(window.getSelection())))return;
 var id=el.getAttribute("data-item");
 if(show(id,true)){ev.preventDefault();history.replaceState(null,"","#"+id);}});
document.addEventListener("animationend",function(ev){ev.target.classList.remove("flash");});
function fromHash(){show(decodeURIComponent(location.hash.slice(1)),false);}
window.addEventListener("hashchange",fromHash);
if(location.hash)fromHash();
})();"""
