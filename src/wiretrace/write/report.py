"""The report: the contract of DESIGN.md, plus summary, stories' details and problems."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from wiretrace import __version__
from wiretrace.model import CopyGroup, CopyPair, Document, Problem, Story


def build_report(
    documents: Sequence[Document],
    pairs: Sequence[CopyPair],
    groups: Sequence[CopyGroup],
    stories: Sequence[Story],
    problems: Sequence[Problem],
) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    return {
        "wiretrace": {
            "version": __version__,
            "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
        "summary": {
            "documents": len(documents),
            "copy_pairs": len(pairs),
            "copy_groups": sum(1 for g in groups if len(g.members) > 1),
            "stories": len(stories),
            "problems": len(problems),
        },
        "documents": [d.to_dict() for d in documents],
        "copy_pairs": [p.to_dict() for p in pairs],
        "copy_groups": [g.to_dict() for g in groups],
        "stories": [s.to_dict() for s in stories],
        "problems": [{"input": p.input, "reason": p.reason} for p in problems],
    }


def _atomic_write(path: Path, text: str) -> None:
    """Write a file whole or not at all."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_report(report: dict[str, Any], out: str | Path) -> tuple[Path, Path]:
    """Write `report.json` and `report.html` into `out`; their paths."""
    from wiretrace.write.html import render_html

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    json_path, html_path = folder / "report.json", folder / "report.html"
    _atomic_write(json_path, json.dumps(report, ensure_ascii=False, indent=1))
    _atomic_write(html_path, render_html(report))
    return json_path, html_path
