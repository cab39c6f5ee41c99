"""Callback validation stays on, against a declared layout that holds no data: every id a
callback names is in it, with the component type the page really uses, and the first
request does not replace it with one person's view."""

from __future__ import annotations

import ast

import dash
import pytest
from dash.development.base_component import Component

from dashboard.factory import create_app
from dashboard.settings import Settings
from dashboard.shell import validation_layout
from tests.conftest import ROOT, copy_warehouse, page_module

PAGE_ARGUMENTS = {"country": {"iso3": "CAF"}}


@pytest.fixture(scope="module")
def app(tmp_path_factory, caf_warehouse):
    db = copy_warehouse(caf_warehouse, tmp_path_factory.mktemp("validation") / "w.duckdb")
    app = create_app(Settings(db=db))
    assert app.server.test_client().get("/").status_code == 200  # Dash sets up its routes
    yield app
    app.server.config["WAREHOUSE"].close()


def components_by_id(component) -> dict[str, str]:
    """Every component with a string id under ``component``: id -> type name."""
    found = {}
    todo = [component]
    while todo:
        node = todo.pop()
        if isinstance(node, list | tuple):
            todo.extend(node)
            continue
        if not isinstance(node, Component):
            continue
        if isinstance(getattr(node, "id", None), str):
            found[node.id] = type(node).__name__
        todo.extend(getattr(node, name, None) for name in node._prop_names)
    return found


def callback_ids(app: dash.Dash) -> set[str]:
    """The component ids the callbacks read or write: those of ``app`` (only the first app
    of a process gets the pages' callbacks) and every ``Input("id", ...)``, ``Output`` and
    ``State`` written in ``dashboard/``."""
    ids = set()
    for key, spec in app.callback_map.items():
        ids.update(dep["id"] for dep in spec["inputs"] + spec["state"])
        ids.update(part.rpartition(".")[0] for part in key.strip(".").split("..."))
    for path in (ROOT / "dashboard").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("Input", "Output", "State")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                ids.add(node.args[0].value)
    return {i for i in ids if isinstance(i, str)}


def test_validation_is_on_with_the_declared_layout_after_a_request(app):
    assert app.config.suppress_callback_exceptions is False
    declared = components_by_id(app.validation_layout)
    assert "access-user" not in declared and "freshness" not in declared  # nobody's view
    assert callback_ids(app) - set(declared) == set()


def test_the_validation_layout_needs_no_data():
    # outside any app or request: a page reading the warehouse would fail here
    assert "overview-map" in components_by_id(validation_layout())


@pytest.mark.parametrize(
    "name",
    [
        "overview",
        "country",
        "watchlist",
        "gaps",
        "coverage",
        "training",
        "data",
        "alerts",
        "upload",
        "audit",
        "countries",
    ],
)
def test_each_page_declares_its_components_with_their_real_types(app, name):
    module = page_module(app, name)
    with app.server.test_request_context("/"):
        real = components_by_id(module.layout(**PAGE_ARGUMENTS.get(name, {})))
    declared = components_by_id(module.validation_layout())
    used = callback_ids(app)
    assert {i: real[i] for i in real if i in used} == {
        i: t for i, t in declared.items() if i in real
    }
