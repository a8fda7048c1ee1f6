"""The report page's consolidated parts of a story: quotes with speakers and carriers, facts,
disagreements, a timeline (an SVG drawn here), and each copy's changes as a diff.

`*_view` functions reshape report values (hostile page text, any shape) into bounded views;
`*_html` functions write them, every value through `markup.esc` (or `short`/`full`, which
use it). The SVG holds only numbers computed here and escaped text; no script, no link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from wiretrace.consolidate.changes import parse_time
from wiretrace.write import markup

MAX_QUOTES = 40  # quotes shown per story
MAX_WORDINGS = 5  # other wordings shown per quote
MAX_FACTS = 60  # facts shown per story
MAX_DISAGREEMENTS = 20  # disagreements shown per story
MAX_CLAIMS = 8  # claims shown per disagreement
MAX_CHANGES = 40  # changes shown per copy
MAX_DOCS = 12  # document badges shown per quote, fact or claim
MAX_ROWS = 20  # timeline rows (copy groups)
MAX_DOTS = 300  # timeline dots
WIDTH, LEFT, RIGHT, ROW, TOP = 640, 170, 12, 18, 6  # timeline geometry (px)
COLOURS = ("#2b5fa8", "#d9822b", "#3a9a5b", "#b5478f", "#b59a1b", "#2f9aa6", "#6e56b8", "#6b7680")

Json = dict[str, Any]
Ref = Callable[[str], Json]


def _list(value: Any) -> list[Any]:
    """A report value as a list (anything else: empty)."""
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    """The mappings of a report list."""
    return [item for item in _list(value) if isinstance(item, Mapping)]


def _text(value: Any) -> str:
    """A report value as display text ("" for None)."""
    return "" if value is None else str(value)


def _ids(value: Any) -> list[str]:
    """Document ids of a report list."""
    return [str(item) for item in _list(value) if isinstance(item, str | int)]


def _refs(ref: Ref, ids: list[str]) -> tuple[list[Json], int]:
    """Badge references of the first MAX_DOCS documents, and how many more there are."""
    return [ref(i) for i in ids[:MAX_DOCS]], max(len(ids) - MAX_DOCS, 0)


def story_view(
    story: Mapping[str, Any],
    ref: Ref,
    dates: Mapping[str, str],
    group_of: Mapping[str, str],
    label: Callable[[str], str],
) -> Json:
    """What the page shows of a story's quotes, facts, disagreements and timeline; `ref`
    gives a document's badge reference, `dates` its published date, `group_of` its copy
    group, `label` its name."""
    return {
        "quotes": [_quote(q, ref) for q in _dicts(story.get("quotes"))[:MAX_QUOTES]],
        "quotes_total": len(_list(story.get("quotes"))),
        "facts": [_fact(f, ref) for f in _dicts(story.get("facts"))[:MAX_FACTS]],
        "disagreements": [
            _disagreement(d, ref) for d in _dicts(story.get("disagreements"))[:MAX_DISAGREEMENTS]
        ],
        "timeline": timeline(_ids(story.get("documents")), dates, group_of, label),
    }


def _quote(quote: Mapping[str, Any], ref: Ref) -> Json:
    """One merged quote: its text, speaker, carriers and other wordings."""
    docs, more = _refs(ref, _ids(quote.get("documents")))
    text = _text(quote.get("text"))
    wordings = [_text(w.get("text")) for w in _dicts(quote.get("wordings"))]
    others = [w for w in wordings if w and w != text]
    return {
        "text": text,
        "speaker": _text(quote.get("speaker")),
        "documents": docs,
        "more": more,
        "wordings": others[:MAX_WORDINGS],
    }


def _fact(fact: Mapping[str, Any], ref: Ref) -> Json:
    """One fact: kind, what it says, value, documents."""
    docs, more = _refs(ref, _ids(fact.get("documents")))
    value = fact.get("value")
    return {
        "kind": _text(fact.get("kind")),
        "text": _text(fact.get("text")),
        "value": "" if value is None else _text(value),
        "documents": docs,
        "more": more,
    }


def _disagreement(found: Mapping[str, Any], ref: Ref) -> Json:
    """One disagreement: what it is about, each claim with its documents."""
    claims = []
    for claim in _dicts(found.get("claims"))[:MAX_CLAIMS]:
        docs, more = _refs(ref, _ids(claim.get("documents")))
        claims.append(
            {
                "value": _text(claim.get("value")),
                "text": _text(claim.get("text")),
                "documents": docs,
                "more": more,
            }
        )
    return {"about": _text(found.get("about")), "claims": claims}


def timeline(
    doc_ids: list[str],
    dates: Mapping[str, str],
    group_of: Mapping[str, str],
    label: Callable[[str], str],
) -> Json:
    """Each dated document's place in time (0 to 1 across the story's span) on its copy
    group's row, with what its dot says; how many documents have no date."""
    dated = []
    for doc_id in doc_ids:
        value = dates.get(doc_id)
        moment = parse_time(value) if isinstance(value, str) else None
        if moment is not None:
            dated.append((moment, doc_id))
    rows: dict[str, int] = {}
    names: list[str] = []  # each row's label: its first document's
    points = []
    for moment, doc_id in dated[:MAX_DOTS]:
        row = rows.setdefault(group_of.get(doc_id, doc_id), len(rows))
        if row == len(names):
            names.append(label(doc_id))
        if row < MAX_ROWS:
            points.append((moment, row, f"{label(doc_id)} · {_text(dates.get(doc_id))}"))
    if not points:
        return {
            "points": [],
            "rows": 0,
            "names": [],
            "first": "",
            "last": "",
            "undated": len(doc_ids),
        }
    first, last = min(p[0] for p in points), max(p[0] for p in points)
    span = (last - first).total_seconds() or 1.0
    return {
        "points": [((m - first).total_seconds() / span, row, text) for m, row, text in points],
        "rows": min(len(rows), MAX_ROWS),
        "names": names[:MAX_ROWS],
        "first": first.date().isoformat(),
        "last": last.date().isoformat(),
        "undated": len(doc_ids) - len(dated),
    }


def timeline_svg(view: Json) -> str:
    """The timeline as inline SVG: a dot per dated document on its copy group's row."""
    if not view["points"]:
        return ""
    usable = WIDTH - LEFT - RIGHT
    height = TOP + ROW * view["rows"] + 20
    parts = [
        f'<svg class="timeline" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">'
        "<title>When the documents came out</title>"
    ]
    for row in range(view["rows"]):
        y = TOP + ROW * row + ROW // 2
        name = view["names"][row] if row < len(view["names"]) else ""
        parts.append(
            f'<text x="4" y="{y + 4}" font-size="11" fill="#1d232b">{markup.short(name, 22)}</text>'
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#e3e7eb"/>'
        )
    for share, row, text in view["points"]:
        x = LEFT + usable * min(max(float(share), 0.0), 1.0)
        y = TOP + ROW * int(row) + ROW // 2
        colour = COLOURS[int(row) % len(COLOURS)]
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="{colour}" fill-opacity="0.8">'
            f"<title>{markup.short(text, 200)}</title></circle>"
        )
    base = TOP + ROW * view["rows"] + 14  # the span's first and last day under the rows
    parts.append(
        f'<text x="{LEFT}" y="{base}" font-size="11" fill="#5d6773">'
        f"{markup.esc(view['first'])}</text>"
        f'<text x="{WIDTH - RIGHT}" y="{base}" font-size="11" fill="#5d6773" '
        f'text-anchor="end">{markup.esc(view["last"])}</text></svg>'
    )
    return "".join(parts)


def _docs(item: Mapping[str, Any]) -> str:
    """The badges of an item's documents, with how many more there are."""
    drawn = "".join(markup.badge(ref) + " " for ref in item["documents"])
    if item["more"]:
        drawn += f'<span class="count">+{markup.esc(item["more"])} more</span>'
    return drawn


def story_html(out: list[str], story: Json) -> None:
    """A story's disagreements, quotes, facts and timeline (parts with nothing to show are
    left out)."""
    view = story.get("consolidated")
    if not view:
        return
    if view["disagreements"]:
        out.append("  <h3>Where outlets disagree</h3>\n")
        for found in view["disagreements"]:
            out.append(
                '  <div class="disagree"><p class="label">'
                f"{markup.short(found['about'], 200)}</p><ul>\n"
            )
            for claim in found["claims"]:
                out.append(
                    f"    <li><b>{markup.short(claim['value'], 200)}</b> "
                    f'<span class="sub">“{markup.short(claim["text"], 200)}”</span> '
                    f"{_docs(claim)}</li>\n"
                )
            out.append("  </ul></div>\n")
    if view["quotes"]:
        out.append(
            f'  <h3>Quotes ({markup.esc(view["quotes_total"])})</h3>\n  <ul class="quotes">\n'
        )
        for quote in view["quotes"]:
            speaker = (
                f'<span class="speaker">{markup.short(quote["speaker"], 120)}</span>'
                if quote["speaker"]
                else '<span class="none">unattributed</span>'
            )
            out.append(f"    <li><q>{markup.full(quote['text'])}</q> — {speaker} {_docs(quote)}")
            if quote["wordings"]:
                out.append(
                    f"<details><summary>{markup.plural(len(quote['wordings']), 'other wording')}"
                    "</summary><ul>"
                    + "".join(f"<li><q>{markup.full(w)}</q></li>" for w in quote["wordings"])
                    + "</ul></details>"
                )
            out.append("</li>\n")
        out.append("  </ul>\n")
    if view["facts"]:
        out.append(
            '  <h3>Facts</h3>\n  <table class="facts">\n'
            "    <thead><tr><th>Kind</th><th>Says</th><th>Value</th><th>In</th></tr></thead>\n"
            "    <tbody>\n"
        )
        for fact in view["facts"]:
            out.append(
                f"      <tr><td>{markup.esc(fact['kind'])}</td>"
                f"<td>{markup.short(fact['text'], 160)}</td>"
                f"<td>{markup.short(fact['value'], 80)}</td><td>{_docs(fact)}</td></tr>\n"
            )
        out.append("    </tbody>\n  </table>\n")
    svg = timeline_svg(view["timeline"])
    if svg:
        undated = view["timeline"]["undated"]
        note = (
            f' <span class="sub">({markup.plural(undated, "document")} undated)</span>'
            if undated
            else ""
        )
        out.append(
            f'  <h3>Timeline</h3>\n  <p class="note">A row per copy group.{note}</p>\n  {svg}\n'
        )


def changes_view(member: Mapping[str, Any]) -> Json:
    """A copy's changes against its source, bounded, with its date and lag."""
    changes = []
    for change in _dicts(member.get("changes"))[:MAX_CHANGES]:
        changes.append(
            {
                "kind": _text(change.get("kind")),
                "source": _text(change.get("source")),
                "copy": _text(change.get("copy")),
                "count": change.get("count") if isinstance(change.get("count"), int) else 1,
            }
        )
    omitted = member.get("changes_omitted")
    lag = member.get("lag")
    return {
        "changes": changes,
        "omitted": omitted if isinstance(omitted, int) else 0,
        "published": _text(member.get("published")),
        "lag": lag_text(lag) if isinstance(lag, int | float) else "",
    }


def lag_text(seconds: float) -> str:
    """A lag in words: "+3 h", "+1 d 2 h", "−20 min", "same time"."""
    if not seconds:
        return "same time"
    sign = "+" if seconds > 0 else "−"
    left = int(abs(seconds))
    days, left = divmod(left, 86_400)
    hours, left = divmod(left, 3_600)
    minutes = left // 60
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else ""]
    if not days:
        parts.append(f"{minutes} min" if minutes else "")
    return sign + " ".join(p for p in parts if p) if any(parts) else sign + "<1 min"


def member_html(view: Json | None, is_source: bool) -> str:
    """A copy group member's date, lag behind the source and changes (nothing for none)."""
    if not view:
        return ""
    when = ""
    if view["published"]:
        lag = f" ({markup.esc(view['lag'])})" if view["lag"] and not is_source else ""
        when = f' <span class="lag">{markup.short(view["published"], 40)}{lag}</span>'
    return when + changes_html(view)


def changes_html(view: Json) -> str:
    """A copy's changes as a readable diff (<del> the source's words, <ins> the copy's)."""
    if not view["changes"]:
        return ""
    items = []
    for change in view["changes"]:
        kind = change["kind"]
        old = f"<del>{markup.short(change['source'], 300)}</del>" if change["source"] else ""
        new = f"<ins>{markup.short(change['copy'], 300)}</ins>" if change["copy"] else ""
        more = ""
        if kind in ("dropped", "added") and change["count"] > 1:
            more = f' <span class="count">({markup.plural(change["count"], "passage")})</span>'
        items.append(f'<li><span class="tag">{markup.esc(kind)}</span> {old} {new}{more}</li>')
    more = ""
    if view["omitted"]:
        more = (
            f'<li class="note">… and {markup.esc(view["omitted"])} more (all in report.json)</li>'
        )
    count = len(view["changes"]) + view["omitted"]
    return (
        f'<details class="changes"><summary>{markup.plural(count, "change")}</summary>'
        f'<ul class="diff">{"".join(items)}{more}</ul></details>'
    )


CSS = """
.disagree { background: #fff4e5; border-left: 4px solid #d9822b; padding: 8px 12px;
  margin: 0 0 10px; border-radius: 6px; }
.disagree ul { margin: 4px 0 0; padding-left: 1.2em; }
ul.quotes { padding-left: 1.2em; } ul.quotes li { margin: 0 0 8px; }
.speaker { font-weight: 600; }
table.facts td { font-size: .88rem; }
svg.timeline { max-width: 100%; height: auto; display: block; }
ul.diff { list-style: none; padding: 0; margin: 4px 0; font-size: .88rem; }
ul.diff li { margin: 0 0 4px; }
del { background: #fbe3e3; color: #8a1f1f; }
ins { background: #e2f5e6; color: #1c6b33; text-decoration: none; }
.lag { font-size: .85rem; color: var(--muted); white-space: nowrap; }
"""
