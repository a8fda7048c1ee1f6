"""Rows given per document become a table whose first column is each row's document."""

from __future__ import annotations

import pyarrow as pa

from wiretrace.columns import REMOVED_COLUMNS, SITE_COLUMNS, rows_table


def test_rows_table_numbers_each_row_by_its_document() -> None:
    per_doc = [
        [("a.example", 7, 3, False), ("a.example", 2**63 + 5, 1, True)],
        [],
        [("b.example", 9, 12, False)],
        [],
    ]
    table = rows_table(per_doc, SITE_COLUMNS)
    assert table.schema == SITE_COLUMNS
    assert table.to_pylist() == [
        {"doc": 0, "site": "a.example", "key": 7, "words": 3, "cut": False},
        {"doc": 0, "site": "a.example", "key": 2**63 + 5, "words": 1, "cut": True},
        {"doc": 2, "site": "b.example", "key": 9, "words": 12, "cut": False},
    ]


def test_rows_table_of_no_rows_is_empty_with_its_schema() -> None:
    for per_doc in ([], [[], []]):
        table = rows_table(per_doc, REMOVED_COLUMNS)
        assert table.equals(pa.table({"doc": [], "site": [], "key": []}, schema=REMOVED_COLUMNS))
