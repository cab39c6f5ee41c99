"""Sign-in as a person does it, and the Content-Security-Policy as the browser applies it:
an app with sign-in on, a viewer and an admin signing in through the form, every page
visited with a listener for CSP violations (the ``page`` fixture also fails on console
errors, which is where a blocked script or worker would show)."""

from __future__ import annotations

import urllib.request

import pytest

from dashboard.factory import create_app
from dashboard.settings import Settings
from queries import users

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
PAGES = ["/", "/country/CAF?from=2013-01-01&to=2014-12-31", "/watchlist", "/data",
         "/upload", "/admin/audit"]
_RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture(scope="module")
def auth_url(browser_warehouse, base_url, serve):
    """An app over the session's warehouse with sign-in on and two users. The session's
    app answers a request first: Dash hands the pages' callbacks to the first app that
    serves a request after they were registered, and creating this app registers them."""

    with urllib.request.urlopen(base_url + "/") as answer:
        assert answer.status == 200
    for name, role in (("vera", "viewer"), ("adam", "admin")):
        if users.get_user(browser_warehouse, name) is None:
            users.add_user(browser_warehouse, name, role, PASSWORD)
    app = create_app(Settings(db=browser_warehouse, auth=True, secret_key="browser-test"))
    with serve(app) as url:
        yield url
    app.server.config["WAREHOUSE"].close()


def forget_expected(log, status: int) -> None:
    """Drop the records of an answer with ``status`` that the test provoked on purpose."""
    log.http_errors[:] = [e for e in log.http_errors if not e.startswith(str(status))]
    log.console_errors[:] = [e for e in log.console_errors if f"status of {status}" not in e]


def sign_in(page, name: str, password: str = PASSWORD) -> None:
    page.locator("#login-username").fill(name)
    page.locator("#login-password").fill(password)
    page.locator("#login-submit").click()


def test_sign_in_flow_and_roles(page, browser_log, auth_url, wait_for_dash):
    browser_log.base_url = auth_url
    page.goto(auth_url + "/watchlist")
    assert page.url.startswith(auth_url + "/login?next=")
    sign_in(page, "vera", "not the password")
    assert page.locator("#login-error").inner_text() == "Wrong user name or password."
    forget_expected(browser_log, 401)   # that 401 was the point
    sign_in(page, "vera")
    page.wait_for_url(auth_url + "/watchlist")
    wait_for_dash()
    assert page.locator("#access-user").inner_text() == "vera (viewer)"
    assert page.get_by_role("link", name="Upload").count() == 0
    page.goto(auth_url + "/admin/audit")          # a direct visit: 403
    assert "this page needs the admin role" in page.content()
    forget_expected(browser_log, 403)
    page.goto(auth_url + "/")
    wait_for_dash()
    page.locator("#access-logout").click()
    page.wait_for_url(auth_url + "/login")
    page.goto(auth_url + "/data")
    assert page.url.startswith(auth_url + "/login")


@pytest.mark.parametrize("path", PAGES)
def test_no_csp_violation_on_any_page(page, browser_log, auth_url, wait_for_dash,
                                      wait_for_graph, path):
    browser_log.base_url = auth_url
    page.context.add_init_script(_RECORD_CSP)
    page.goto(auth_url + "/login")
    sign_in(page, "adam")
    page.wait_for_url(auth_url + "/")
    page.goto(auth_url + path)
    wait_for_dash()
    if page.locator(".js-plotly-plot").count():
        wait_for_graph()
    csp = page.evaluate("window.__cspViolations")
    assert csp == []
    assert page.locator("#access-user").inner_text() == "adam (admin)"
    if path == "/admin/audit":
        page.locator("#audit-table").wait_for()
        assert "login.success" in page.locator("#audit-table").inner_text()
