"""Write stage: the report as JSON (the contract of DESIGN.md) and as an HTML page."""

from wiretrace.write.report import build_report, stream_report, write_report

__all__ = ["build_report", "stream_report", "write_report"]
