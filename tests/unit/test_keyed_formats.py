"""Every keyed format is one definition and one MERGE: its SQL file exists, merges from the
format's staging table and returns the action and the whole key, which the accounting
needs to count each staged record once."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from queries.importing.keyed import KeyedFormat
from queries.importing.registry import FORMATS
from queries.statements import named_sql

KEYED = {name: fmt for name, fmt in FORMATS.items() if isinstance(fmt, KeyedFormat)}


def test_the_keyed_formats_are_the_five_entities():
    assert sorted(KEYED) == ["assessments", "commitments", "indicators", "memberships", "trainings"]


@pytest.mark.parametrize("name", sorted(KEYED))
def test_the_merge_reads_the_stage_and_returns_action_and_key(name):
    fmt = KEYED[name]
    sql = named_sql(fmt.merge)
    assert sql.count("MERGE INTO") == 1
    assert re.search(rf"\bFROM {fmt.stage}\b", sql)
    returned = [column.strip() for column in sql.rsplit("RETURNING", 1)[1].strip().split(",")]
    assert returned == ["merge_action", *fmt.key]


@pytest.mark.parametrize("name", sorted(KEYED))
def test_a_repeated_key_is_named_in_its_reason(name):
    fmt = KEYED[name]
    row = {column: f"v_{column}" for column in fmt.fields}
    reason = fmt.repeat_reason(row)
    assert reason.split(":")[0] in {*fmt.fields, "indicator"}
    assert all(f"v_{column}" in reason for column in fmt.key)


def test_a_format_with_a_key_that_is_not_a_field_or_not_an_identifier_is_refused():
    common = {
        "header": None,
        "parse": None,
        "merge": "x_merge",
        "repeated": "an x",
        "repeat_reason": str,
    }
    with pytest.raises(ValueError, match="not a field"):
        KeyedFormat(name="x", fields={"a": pa.string()}, key=("b",), **common)
    with pytest.raises(ValueError, match="not a plain identifier"):
        KeyedFormat(name="x; DROP TABLE incidents", fields={"a": pa.string()}, key=("a",), **common)
