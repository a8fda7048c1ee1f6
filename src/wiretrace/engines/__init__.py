"""Engines decide where the stages run: `local` (processes on one machine, DuckDB state)."""
