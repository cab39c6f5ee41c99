"""The coverage page's callback on a warehouse with the shipped reference memberships: the
ECOWAS count, memberships dated only to the year said in words, and an organisation with
no member recorded named instead of an empty map."""

from __future__ import annotations

import pytest

from dashboard.factory import create_app
from dashboard.settings import Settings
from tests.conftest import page_module
from tests.integration.test_app import text_of


@pytest.fixture(scope="module")
def coverage(tmp_path_factory, new_writer):
    """The coverage page module on a new warehouse whose OIC memberships are deleted."""

    db = tmp_path_factory.mktemp("coverage") / "w.duckdb"
    con = new_writer(db)
    con.execute("DELETE FROM org_memberships WHERE org_code = 'OIC'")
    con.close()
    app = create_app(Settings(db=db))
    with app.server.app_context():
        coverage = page_module(app, "coverage")

        yield coverage


def test_ecowas_at_the_end_of_2025_has_12_members_cabo_verde_dated_to_the_year(coverage):
    figure, table, summary = coverage.update_coverage(["ECOWAS"], "2025-12-31")
    assert summary.startswith("On 31 December 2025: 12 member countries of ECOWAS, ")
    assert "For 1 of them the membership dates are known only to the year" in summary
    assert len(figure["data"][0]["locations"]) == 12
    rows = {row.id: text_of(row) for row in table.children[1].children}
    assert "ECOWAS (year only)" in rows["coverage-row-CPV"]
    assert "year only" not in rows["coverage-row-NGA"]


def test_an_organisation_without_members_says_so(coverage):
    figure, table, summary = coverage.update_coverage(["OIC"], "2025-12-31")
    assert "No members are recorded for OIC" in summary
    assert figure["layout"]["annotations"][0]["text"] == "No members recorded for OIC"
    assert table.id == "coverage-table" and "No members recorded" in text_of(table)


def test_the_organisations_table_counts_year_only_and_missing_members(coverage):
    page = coverage.layout(org="ECOWAS", date="2025-12-31")
    rows = {text_of(row.children[0]): text_of(row.children[7])
            for row in _find(page, "coverage-orgs").children[1].children}
    assert rows["ECOWAS"] == "16, 1 dated to the year only"
    assert rows["OIC"] == "none recorded"
    assert rows["EU"] == "28"


def _find(component, id_: str):
    """The component with ``id_`` in a layout tree."""
    if getattr(component, "id", None) == id_:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found = _find(child, id_)
            if found is not None:
                return found
    return None
