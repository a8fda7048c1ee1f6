"""The HTML of the report page, written by hand from the view `html.PageBuilder` makes.

Every value from the data goes through `esc` (text and double-quoted attributes alike; it
escapes & < > " ' exactly as MarkupSafe does); literal markup appears only in this module.
Plain string building instead of a template engine: the page for 3,000 documents is written in
a fraction of a second.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from wiretrace.bidi import BIDI_CONTROLS
from wiretrace.write import consolidated
from wiretrace.write.style import CSS

MAX_TEXT = 20_000  # characters of any one displayed text (html.MAX_TEXT is this)
TRUNCATED = '<span class="trunc"> … (truncated)</span>'
LEEWAY = 5  # a text this much over a truncation length is shown whole (as Jinja's truncate)

Json = Mapping[str, Any]

# what the page may load or run: nothing but its own inline CSS (the bars' widths are style
# attributes, hence 'unsafe-inline' for styles; no script, image, font, frame or form)
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
# bidi controls: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069) and the
# marks (U+200E, U+200F, U+061C); in page text they could reorder what a reader sees ("evil
# \u202etxt.exe" shown as "evilexe.txt"), so each is shown as a visible marker instead
BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def _bidi_marker(found: re.Match[str]) -> str:
    """A bidi control as a visible marker: [U+202E]."""
    return f"[U+{ord(found.group()):04X}]"


def esc(value: Any) -> str:
    """A value as HTML text, safe in element content and in double-quoted attributes; bidi
    controls shown as visible markers (see BIDI)."""
    text = value if isinstance(value, str) else str(value)
    if BIDI.search(text):
        text = BIDI.sub(_bidi_marker, text)
    if not ("&" in text or "<" in text or ">" in text or '"' in text or "'" in text):
        return text
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def short(text: str, length: int) -> str:
    """A short display form of a text: cut at a word before `length`, with "..." (escaped)."""
    if len(text) <= length + LEEWAY:
        return esc(text)
    return esc(text[: length - 3].rsplit(" ", 1)[0] + "...")


def full(text: str) -> str:
    """A long text, escaped and cut at MAX_TEXT characters with a visible note."""
    if len(text) > MAX_TEXT:
        return esc(text[:MAX_TEXT]) + TRUNCATED
    return esc(text)


def plural(count: int, word: str) -> str:
    """Count and word: "1 document", "2 documents"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def badge(ref: Json, extra: str = "") -> str:
    """A document's badge: a link to it, or a plain label for a document not on the page."""
    label = short(ref["label"], 120)
    if not ref["anchor"]:
        return f'<span class="badge unknown" title="not among the documents">{label}</span>'
    classes = "badge"
    if ref["colour"] is not None:
        classes += f" c{ref['colour']}"
    if extra:
        classes += f" {extra}"
    return (
        f'<a class="{esc(classes)}" href="#{esc(ref["anchor"])}" '
        f'title="{short(ref["title"], 300)}">{label}</a>'
    )


def group(out: list[str], view: Json) -> None:
    """A copy group: its source and members with coverage bars."""
    source = view["source"]
    credit = f'<span class="credit">credit: {full(view["credit"])}</span>' if view["credit"] else ""
    out.append(
        '<div class="group">\n'
        f'  <p class="group-head"><span class="label">Source</span> {badge(source, "source")}\n'
        f'    <span class="gtitle">{short(source["title"], 200)}</span>\n'
        f"    {credit}"
        f'    <span class="gid">group {short(view["id"], 80)}</span></p>\n'
        '  <table class="members">\n'
        "    <thead><tr><th>Member</th><th>Carries of the source</th></tr></thead>\n"
        "    <tbody>\n"
    )
    for member in view["members"]:
        tag = ' <span class="tag">source</span>' if member["is_source"] else ""
        changes = consolidated.member_html(member.get("changes"), member["is_source"])
        out.append(
            "      <tr>\n"
            f"        <td>{badge(member['doc'])}{tag} "
            f'<span class="mtitle">{short(member["doc"]["title"], 160)}</span>{changes}</td>\n'
            '        <td class="cov"><span class="bar">'
            f'<span style="width: {esc(member["width"])}%"></span></span> '
            f'<span class="num">{esc(member["coverage"])}</span></td>\n'
            "      </tr>\n"
        )
    out.append("    </tbody>\n  </table>\n</div>\n")


def _cell(number: Any, text: str | None) -> str:
    """One side of a matched passage row."""
    shown = '<span class="none">(passage not in the body)</span>' if text is None else full(text)
    return f'<td><span class="pno">¶{esc(number)}</span> {shown}</td>'


def pair(out: list[str], view: Json) -> None:
    """A copy pair: shares both ways and the matched passages side by side, collapsed."""
    out.append(
        '<div class="pair">\n'
        '  <p class="pair-head"><span class="tag">A</span> '
        f'{badge(view["a"])} <span class="arrow">↔</span> <span class="tag">B</span> '
        f"{badge(view['b'])}\n"
        '    <span class="shares"><span title="share of A&#39;s text found in B">A in B '
        f"<b>{esc(view['containment_a'])}</b></span>\n"
        '    · <span title="share of B&#39;s text found in A">B in A '
        f"<b>{esc(view['containment_b'])}</b></span>\n"
        '    · <span title="Jaccard similarity of the two texts">Jaccard '
        f"<b>{esc(view['jaccard'])}</b></span></span></p>\n"
        '  <details class="matches">\n'
        f"    <summary>Matched passages ({esc(view['rows_total'])})</summary>\n"
    )
    if view["rows"]:
        out.append(
            '    <table class="sbs">\n'
            f"      <thead><tr><th>A: {short(view['a']['label'], 80)}</th>"
            f"<th>B: {short(view['b']['label'], 80)}</th>"
            '<th class="num">found</th></tr></thead>\n'
            "      <tbody>\n"
        )
        for row in view["rows"]:
            out.append(
                "        <tr>\n"
                f"          {_cell(row['a'], row['a_text'])}\n"
                f"          {_cell(row['b'], row['b_text'])}\n"
                f'          <td class="num">{esc(row["score"])}</td>\n'
                "        </tr>\n"
            )
        out.append("      </tbody>\n    </table>\n")
        if view["rows_hidden"]:
            out.append(
                f'    <p class="note">… and {esc(view["rows_hidden"])} '
                "more matched passages not shown</p>\n"
            )
    else:
        out.append('    <p class="note">No passages listed.</p>\n')
    out.append("  </details>\n</div>\n")


def body(out: list[str], doc: Json) -> None:
    """A document's paragraphs, those also found in other documents marked."""
    out.append('<div class="body">\n')
    anchor, shared = esc(doc["anchor"]), doc["shared"]
    for index, para in enumerate(doc["paragraphs"]):
        others = shared.get(index)
        if others:
            title = short(", ".join(others), 300)
            out.append(
                f'  <p id="{anchor}-p{index + 1}" class="shared">'
                f'<span class="also" title="also in: {title}">in {len(others) + 1}</span> '
                f"{full(para)}</p>\n"
            )
        else:
            out.append(f'  <p id="{anchor}-p{index + 1}">{full(para)}</p>\n')
    if not doc["paragraphs"]:
        out.append('  <p class="none">(empty body)</p>\n')
    if doc["body_truncated"]:
        out.append('  <p class="trunc">… (truncated)</p>\n')
    out.append("</div>\n")


def _or_none(text: str, missing: str) -> str:
    """A text, or an italic placeholder when it is empty."""
    return full(text) if text else f'<span class="none">{missing}</span>'


def document(out: list[str], doc: Json, collapsed: bool = False) -> None:
    """A document: title, metadata, body (collapsed outside stories) and what was removed."""
    lang = f' lang="{esc(doc["lang_attr"])}"' if doc["lang_attr"] else ""
    meta = [f"    <dt>Outlet</dt><dd>{_or_none(doc['outlet'], 'unknown')}</dd>\n"]
    if doc.get("byline"):
        meta.append(f"    <dt>Byline</dt><dd>{full(doc['byline'])}</dd>\n")
    meta += [
        f"    <dt>Published</dt><dd>{_or_none(doc['published'], 'unknown')}</dd>\n",
        f"    <dt>Credit</dt><dd>{_or_none(doc['credit'], 'none')}</dd>\n",
    ]
    if doc["language"]:
        meta.append(f"    <dt>Language</dt><dd>{full(doc['language'])}</dd>\n")
    meta.append(f'    <dt>Source</dt><dd class="path">{full(doc["source"])}</dd>\n')
    if doc["url"]:
        meta.append(f'    <dt>URL</dt><dd class="path">{full(doc["url"])}</dd>\n')
    meta.append(f'    <dt>ID</dt><dd class="path">{full(doc["id"])}</dd>\n')
    meta.append(f"    <dt>Words</dt><dd>{esc(doc['words'])}</dd>\n")
    if doc["shared_count"]:
        meta.append(
            f"    <dt>Shared</dt><dd>{esc(doc['shared_count'])} of {len(doc['passages'])} "
            "paragraphs also appear in other documents (marked “in N” below)</dd>\n"
        )
    out.append(
        f'<article class="doc" id="{esc(doc["anchor"])}"{lang}>\n'
        f'  <h4><span class="dno">#{esc(doc["number"])}</span> '
        f"{_or_none(doc['title'], '(no title)')}</h4>\n"
        '  <dl class="meta">\n'
    )
    out.extend(meta)
    out.append("  </dl>\n")
    if collapsed:
        out.append(
            '  <details class="bodybox">'
            f"<summary>Body ({len(doc['paragraphs'])} paragraphs)</summary>"
        )
        body(out, doc)
        out.append("</details>\n")
    else:
        body(out, doc)
    removed(out, doc)
    out.append("</article>\n")


def removed(out: list[str], doc: Json) -> None:
    """What was cut from a document, grouped by reason, collapsed."""
    if not doc["removed_count"]:
        out.append('  <p class="note">Removed (0)</p>\n')
        return
    out.append(
        '  <details class="removed">\n'
        f"    <summary>Removed ({esc(doc['removed_count'])})</summary>\n"
    )
    for cut in doc["removed_groups"]:
        items = "".join(f"<li>{full(text)}</li>" for text in cut["texts"])
        out.append(
            f'    <h5>{full(cut["reason"])} <span class="count">({len(cut["texts"])})</span></h5>\n'
            f"    <ul>\n      {items}\n    </ul>\n"
        )
    if doc["removed_hidden"]:
        out.append(
            f'    <p class="note">… and {esc(doc["removed_hidden"])} '
            "more removed items not shown</p>\n"
        )
    out.append("  </details>\n")


def _contents_entry(story: Json) -> str:
    """A story's line in the table of contents."""
    title = short(story["title"], 200) if story["title"] else "(untitled story)"
    count = story["document_count"]
    extra = f" · {short(story['span'], 60)}" if story["span"] else ""
    if story["outlets"]:
        extra += f" · {plural(len(story['outlets']), 'outlet')}"
    return (
        f'    <li><a href="#{esc(story["anchor"])}">{title}</a>\n'
        f'      <span class="sub">· {plural(count, "document")}{extra}</span></li>\n'
    )


def contents(out: list[str], view: Json) -> None:
    """The table of contents: every story, then the links to what lies outside them."""
    out.append('<nav class="toc" id="contents">\n  <h2>Stories</h2>\n')
    if view["stories"]:
        out.append("  <ol>\n")
        out.extend(_contents_entry(story) for story in view["stories"])
        out.append("  </ol>\n")
    else:
        out.append('  <p class="note">No stories.</p>\n')
    if view["loose_docs"] or view["loose_groups"] or view["loose_pairs"]:
        out.append('  <p class="note"><a href="#outside">Outside any story</a></p>\n')
    if view["problems"]:
        out.append(
            f'  <p class="note"><a href="#problems">Problems ({view["problems_total"]})</a></p>\n'
        )
    out.append("</nav>\n\n")


def account(out: list[str], story: Json) -> None:
    """A story's consolidated account: runs of passages, each with who carries it."""
    out.append("  <h3>Account</h3>\n")
    if not story["account"]:
        out.append('  <p class="note">No consolidated account.</p>\n')
        return
    total = story["document_count"]
    drawn: dict[int, str] = {}  # badge by reference (a story reuses one per document)

    def draw(ref: Json) -> str:
        """A carrier's badge, drawn once per reference."""
        found = drawn.get(id(ref))
        if found is None:
            found = drawn[id(ref)] = badge(ref) + " "
        return found

    for run in story["account"]:
        source = run["source"]
        source_badge = badge(source, "source")
        credit = (
            f' <span class="credit">credit: {short(run["credit"], 120)}</span>'
            if run["credit"]
            else ""
        )
        out.append(
            f'  <p class="acc-head">{plural(len(run["passages"]), "passage")} from '
            f'{source_badge} <span class="gtitle">{short(source["title"], 160)}</span>'
            f'{credit}</p>\n  <ol class="account">\n'
        )
        for item in run["passages"]:
            carriers = ""
            if item["carriers"]:
                carriers = ' <span class="tag">also in</span> ' + "".join(
                    [draw(c) for c in item["carriers"]]
                )
            mark = source_badge if item["source"] is source else badge(item["source"], "source")
            out.append(
                "    <li>\n"
                f"      <p>{full(item['text'])}</p>\n"
                f'      <p class="carriers"><span class="tag">from</span> {mark}{carriers} '
                f'<span class="count">· {len(item["carriers"]) + 1} of {total}</span></p>\n'
                "    </li>\n"
            )
        out.append("  </ol>\n")
    if story["account_hidden"]:
        out.append(
            f'  <p class="note">… and {story["account_hidden"]} more passages not shown</p>\n'
        )


def story_section(out: list[str], story: Json) -> None:
    """One story: heading, account, copy groups, copy pairs and its documents."""
    title = full(story["title"]) if story["title"] else '<span class="none">(untitled story)</span>'
    count, outlets = story["document_count"], story["outlets"]
    span = f"{full(story['span'])} · " if story["span"] else ""
    out.append(
        f'<section class="story" id="{esc(story["anchor"])}">\n'
        f"  <h2>{title}</h2>\n"
        f'  <p class="sub">{span}{plural(count, "document")} · '
        f"{plural(len(outlets), 'outlet')}</p>\n"
    )
    if story["entities"]:
        names = ", ".join(short(name, 80) for name in story["entities"])
        out.append(f'  <p class="sub">Who and where: {names}</p>\n')
    if outlets:
        legend = "".join(
            f'<span class="badge c{esc(o["colour"])}">{short(o["name"], 120)}</span> '
            for o in outlets
        )
        out.append(f'  <p class="legend">{legend}</p>\n')
    out.append("\n")
    account(out, story)
    consolidated.story_html(out, story)
    out.append(f"\n  <h3>Copy groups ({len(story['groups'])})</h3>\n")
    for item in story["groups"]:
        group(out, item)
    if not story["groups"]:
        out.append('<p class="note">None.</p>')
    out.append(f"\n\n  <h3>Copy pairs ({esc(story['pairs_total'])})</h3>\n")
    for item in story["pairs"]:
        pair(out, item)
    if not story["pairs"]:
        out.append('<p class="note">None.</p>')
    if story["pairs_hidden"]:
        out.append(
            f'  <p class="note">… and {esc(story["pairs_hidden"])} more pairs not shown '
            "(all are in report.json)</p>\n"
        )
    out.append(f"\n  <h3>Documents ({len(story['documents'])})</h3>\n")
    for item in story["documents"]:
        doc = item["doc"]
        if item["repeat"]:
            title = short(doc["title"], 200) if doc["title"] else "(no title)"
            out.append(
                f'  <p class="note">Shown above: <a href="#{esc(doc["anchor"])}">{title}</a></p>\n'
            )
        else:
            document(out, doc)
    if not story["documents"]:
        out.append('  <p class="note">None.</p>\n')
    out.append('  <p class="note"><a href="#contents">↑ Contents</a></p>\n</section>\n')


def outside(out: list[str], view: Json) -> None:
    """Copy groups, pairs and documents that belong to no story on the page."""
    if not (view["loose_docs"] or view["loose_groups"] or view["loose_pairs"]):
        return
    out.append('<section class="story" id="outside">\n  <h2>Outside any story</h2>\n')
    if view["loose_groups"]:
        out.append(f"  <h3>Copy groups ({len(view['loose_groups'])})</h3>\n")
        for item in view["loose_groups"]:
            group(out, item)
    if view["loose_pairs"]:
        out.append(f"  <h3>Copy pairs ({esc(view['loose_pairs_total'])})</h3>\n")
        for item in view["loose_pairs"]:
            pair(out, item)
        if view["loose_pairs_hidden"]:
            out.append(
                f'  <p class="note">… and {esc(view["loose_pairs_hidden"])} more pairs not '
                "shown (all are in report.json)</p>\n"
            )
    if view["loose_docs"]:
        out.append(f"  <h3>Documents ({len(view['loose_docs'])})</h3>\n")
        for doc in view["loose_docs"]:
            document(out, doc, collapsed=True)
    out.append("</section>\n")


def problems(out: list[str], view: Json) -> None:
    """The inputs that could not be used, in a table at the end."""
    if not view["problems"]:
        return
    out.append(
        f'<section class="story" id="problems">\n  <h2>Problems ({view["problems_total"]})</h2>\n'
        "  <table>\n    <thead><tr><th>Input</th><th>Reason</th></tr></thead>\n    <tbody>\n"
    )
    out.extend(
        f'      <tr><td class="path">{full(p["input"])}</td><td>{full(p["reason"])}</td></tr>\n'
        for p in view["problems"]
    )
    out.append("    </tbody>\n  </table>\n")
    hidden = view["problems_total"] - len(view["problems"])
    if hidden > 0:
        out.append(f'  <p class="note">… and {hidden} more problems (all are in report.json)</p>\n')
    out.append("</section>\n")


def head(out: list[str], view: Json) -> None:
    """The page head (inline CSS), the title block and the summary table."""
    sub = f"Generated {short(view['generated'], 80)}" if view["generated"] else ""
    if view["version"]:
        sub += f" · wiretrace {short(view['version'], 40)}"
    note = f'  <p class="note">{esc(view["trimmed"])}</p>\n' if view["trimmed"] else ""
    rows = "".join(
        f'      <tr><th scope="row">{esc(row["label"])}</th>'
        f'<td class="num">{short(row["value"], 40)}</td></tr>\n'
        for row in view["summary"]
    )
    out.append(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n<title>wiretrace report</title>\n'
        f"<style>\n{CSS}{consolidated.CSS}</style>\n</head>\n<body>\n"
        '<header class="top">\n  <h1>wiretrace report</h1>\n'
        f'  <p class="sub">{sub}</p>\n</header>\n<main>\n'
        f'<section id="summary">\n  <h2>Summary</h2>\n{note}'
        f'  <table class="summary">\n    <tbody>\n{rows}    </tbody>\n  </table>\n</section>\n\n'
    )


def page_parts(view: Json, sections: Sequence[Sequence[str]]) -> list[str]:
    """The page for a view from `html.PageBuilder` (plus its `trimmed` note) and its stories'
    sections (`story_section` of each), as pieces to write in turn (joined, mixed scripts
    cost 4 bytes a character)."""
    out: list[str] = []
    head(out, view)
    contents(out, view)
    for section in sections:
        out.extend(section)
    out.append("\n")
    outside(out, view)
    problems(out, view)
    version = f" {short(view['version'], 40)}" if view["version"] else ""
    out.append(
        "</main>\n"
        f"<footer>wiretrace{version} · self-contained report, no external resources</footer>\n"
        "</body>\n</html>\n"
    )
    return out
