"""The report page's style sheet: inline in the page (its CSP allows only inline styles), no
fonts, images or other assets loaded."""

CSS = """\
:root { --ink: #1d232b; --muted: #5d6773; --line: #dfe3e8; --soft: #f5f7f9; --accent: #2b5fa8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main, header.top, footer { max-width: 900px; margin: 0 auto; padding: 0 20px; }
header.top { padding-top: 28px; }
h1 { font-size: 1.8rem; margin: 0 0 4px; }
h2 { font-size: 1.45rem; margin: 0 0 6px; line-height: 1.3; }
h3 { font-size: 1.05rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h4 { font-size: 1.15rem; margin: 0 0 8px; line-height: 1.35; }
h5 { font-size: .95rem; margin: 12px 0 4px; }
a { color: var(--accent); }
p, li, td, dd, h1, h2, h4, h5 { overflow-wrap: anywhere; }
/* page text takes its direction from itself and cannot reorder what is around it */
p, li, td, dd, h1, h2, h4, h5 { unicode-bidi: plaintext; }
a, span, b, bdi, summary { unicode-bidi: isolate; }
.sub, .note, .none, .count { color: var(--muted); }
.none { font-style: italic; }
.note { font-size: .9rem; }
.trunc { color: #a33; font-style: italic; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .93rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); }
td.num, th.num, .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
#summary, nav.toc { margin: 24px 0 0; }
table.summary { width: auto; min-width: 320px; }
table.summary td.num { font-size: 1.1rem; font-weight: 600; }
nav.toc ol { padding-left: 1.4em; }
nav.toc li { margin: 4px 0; }
nav.toc .sub { font-size: .88rem; }
section.story { border-top: 3px solid var(--ink); margin-top: 44px; padding-top: 18px; }
section.story > .sub { margin: 0 0 8px; }
.legend { margin: 6px 0 0; }
.badge { display: inline-block; font-size: .78rem; line-height: 1.5; padding: 0 7px;
  margin: 1px 2px 1px 0;
  border-radius: 9px; border: 1px solid #c9d0d8; background: var(--soft); color: var(--ink);
  text-decoration: none; white-space: nowrap; max-width: 100%; overflow: hidden;
  text-overflow: ellipsis;
  vertical-align: middle; }
a.badge:hover { text-decoration: underline; }
.badge.source { font-weight: 700; }
.badge.unknown { border-style: dashed; }
.c0 { background: #e3edfb; border-color: #9dbbe8; } .c1 { background: #fde8d7;
  border-color: #f0b37e; }
.c2 { background: #def3e4; border-color: #8fcea2; } .c3 { background: #f6e0ef;
  border-color: #d99bc6; }
.c4 { background: #fff4c7; border-color: #e2c65a; } .c5 { background: #e0f2f4;
  border-color: #86c7cf; }
.c6 { background: #ebe5f8; border-color: #b2a1dd; } .c7 { background: #eceff1;
  border-color: #a8b2bb; }
.acc-head { margin: 14px 0 6px; font-size: .92rem; }
ol.account { list-style: none; padding: 0; margin: 0; }
ol.account li { padding: 10px 12px; margin: 0 0 8px; background: var(--soft); border-radius: 6px;
  border-left: 4px solid var(--line); }
ol.account li p { margin: 0 0 6px; }
ol.account .carriers { margin: 0; font-size: .85rem; color: var(--muted); }
.tag { font-size: .72rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.group, .pair { margin: 0 0 16px; }
.group-head, .pair-head { margin: 0 0 6px; }
.label { font-weight: 600; }
.gtitle, .mtitle { color: var(--muted); font-size: .9rem; }
.credit, .gid { font-size: .85rem; color: var(--muted); margin-left: 6px; }
table.members td.cov { width: 210px; white-space: nowrap; }
.bar { display: inline-block; width: 130px; height: 9px; background: #e8ebef; border-radius: 5px;
  overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: var(--accent); }
.cov .num { display: inline-block; width: 44px; }
.shares { font-size: .88rem; color: var(--muted); margin-left: 6px; white-space: nowrap; }
.shares b { color: var(--ink); }
.arrow { color: var(--muted); }
details { margin: 6px 0; }
details > summary { cursor: pointer; color: var(--accent); font-size: .92rem; }
table.sbs { table-layout: fixed; margin-top: 6px; }
table.sbs th:nth-child(1), table.sbs th:nth-child(2) { width: 45%; }
table.sbs th:nth-child(3) { width: 10%; }
table.sbs td { font-size: .9rem; }
.dno { color: var(--muted); font-weight: 400; font-size: .9rem; }
.pno { font-size: .75rem; color: var(--muted); font-weight: 600; }
article.doc { border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px;
  margin: 0 0 16px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 12px;
  font-size: .88rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .82rem; }
.body { font-family: Georgia, "Times New Roman", serif; font-size: 1.02rem; line-height: 1.6; }
.body p { margin: 0 0 .8em; }
.body p.shared { border-left: 3px solid #9dbbe8; padding-left: 10px; margin-left: -13px; }
.also { font-family: system-ui, sans-serif; font-size: .7rem; color: var(--accent);
  font-weight: 600; }
details.removed ul { margin: 0; padding-left: 1.2em; font-size: .88rem; color: var(--muted); }
details.removed li { margin: 2px 0; }
footer { color: var(--muted); font-size: .85rem; padding-top: 30px; padding-bottom: 40px; }
@media print { details { display: block; } section.story { break-before: page; } }
"""
