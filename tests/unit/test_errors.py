"""A part a page computes with its layout fails alone: the alert says why, the part is
left empty, and the page still draws."""

from __future__ import annotations

from dashboard import errors
from queries.errors import QueryError


def test_a_part_that_fails_is_reported_and_left_as_its_fallback(monkeypatch):
    reported = []
    monkeypatch.setattr(errors, "show_error", reported.append)

    def too_slow():
        raise QueryError("The query took too long", "window_totals > 20s")

    assert errors.first_answer(too_slow, "empty") == "empty"
    assert [str(type(e).__name__) for e in reported] == ["QueryError"]
    assert errors.first_answer(lambda: 42, "empty") == 42
    assert len(reported) == 1
