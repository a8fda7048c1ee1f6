"""Engines decide where the stages run: `base` is the contract (`Engine`, `Stages`,
`RunResult`), `local` runs it with processes on one machine and state in a DuckDB store."""
