"""Access control over the real app (Flask test client, a real warehouse with restricted
incidents): every route refused without a session, sign-in and its throttle, what a viewer
can obtain through hand-made callback requests, hostile parameters, the audit trail."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import dash
import duckdb
import pytest

import app as cli
from dashboard.access import LoginThrottle
from dashboard.exports.snapshot import ExportFile
from dashboard.factory import create_app
from dashboard.settings import Settings
from dashboard.state import SqliteState
from queries import audit, incidents, users
from queries.demo import build_demo

PASSWORD = "correct horse battery"
ACCOUNTS = {"ada": "admin", "ann": "analyst", "vic": "viewer"}
HOSTILE = ["' OR 1=1 --", "'; DROP TABLE incidents; --", "../../../../etc/passwd",
           "..%2F..%2Fapp.py", "CAF' UNION SELECT password_hash FROM users --",
           "<script>alert(1)</script>", "\x00", "1e999", "-1", "%00"]
LEAKS = ("Traceback", "duckdb", "Binder Error", "Parser Error", "password_hash", "root:")


@pytest.fixture(scope="module")
def db(tmp_path_factory, new_writer):
    """A demo warehouse (4,000 synthetic incidents, about 8% restricted) with three users."""

    path = tmp_path_factory.mktemp("access") / "w.duckdb"
    con = new_writer(path)
    build_demo(con, incidents=4_000, seed=7)
    con.close()
    for name, role in ACCOUNTS.items():
        users.add_user(path, name, role, PASSWORD)
    return path


def make_app(db, **settings):
    return create_app(Settings(db=db, auth=True, secret_key="test-secret-key", **settings))


@pytest.fixture(scope="module")
def app(db):
    app = make_app(db)
    yield app
    app.server.config["WAREHOUSE"].close()


def signed_in(app, name, addr="10.0.0.1"):
    """A test client with ``name`` signed in (from ``addr``)."""
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = addr
    answer = client.post("/login", data={"username": name, "password": PASSWORD})
    assert answer.status_code == 302, answer.data[:300]
    client.get("/")   # Dash registers the pages' callbacks on its first request
    return client


def restricted_country(db) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT iso3 FROM incidents WHERE sensitivity = 'restricted' "
                           "GROUP BY iso3 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]


# --- every route ---------------------------------------------------------------------------

PUBLIC = {"/login", "/logout", "/health", "/_favicon.ico",   # the favicon holds no data
          "/alerts.atom"}   # its own token decides: tests/integration/test_alerts_feed.py


def sample_urls(app) -> list[tuple[str, str]]:
    """(method, url) for every rule of the server, parameters filled in, and every page."""

    urls = []
    for rule in app.server.url_map.iter_rules():
        values = {arg: ("world_50m.json" if "filename" in arg else "CAF")
                  for arg in rule.arguments}
        url = rule.rule
        for arg, value in values.items():
            url = url.replace(f"<path:{arg}>", value).replace(f"<{arg}>", value)
            url = url.replace(f"<string:{arg}>", value)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, url))
    pages = [p["path"] for p in dash.page_registry.values()] + [
        "/country/CAF", "/training", "/coverage", "/gaps", "/some/page/added/later"]
    urls += [("GET", p) for p in pages] + [("POST", p) for p in pages]
    return urls


def test_every_route_and_page_is_refused_without_a_session(app):
    client = app.server.test_client()
    checked = 0
    for method, url in sample_urls(app):
        if url in PUBLIC:
            continue
        for accept in ("text/html", "application/json"):
            answer = client.open(url, method=method, headers={"Accept": accept},
                                 json={} if method == "POST" else None)
            checked += 1
            if answer.status_code == 302:
                assert method == "GET" and accept == "text/html", url
                assert answer.headers["Location"].startswith("/login?next="), url
            elif url.startswith("/_dash-component-suites/"):
                assert answer.status_code in (401, 404), url   # a bundle name, not data
            else:
                assert answer.status_code == 401, (method, url, answer.status_code)
                assert answer.get_json() == {"error": "sign in first"}
    assert checked > 40
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/login").status_code == 200


def test_static_bundles_without_data_answer_but_data_assets_do_not(app):
    client = app.server.test_client()
    assert client.get("/assets/style.css").status_code == 200
    assert client.get("/assets/topojson/world_50m.json").status_code == 401
    for path in ("/assets/../app.py", "/assets/..%2F..%2Fapp.py",
                 "/_dash-component-suites/../../app.py", "/assets/style.css/../../app.py"):
        answer = client.get(path)
        assert answer.status_code in (401, 404), path
        assert b"import" not in answer.data


def test_roles_open_their_pages_only(app):
    viewer, analyst, admin = (signed_in(app, n) for n in ("vic", "ann", "ada"))
    html = {"Accept": "text/html"}
    assert viewer.get("/", headers=html).status_code == 200
    assert viewer.get("/upload", headers=html).status_code == 403
    assert viewer.get("/admin/audit", headers=html).status_code == 403
    assert analyst.get("/upload", headers=html).status_code == 200
    assert analyst.get("/admin/audit", headers=html).status_code == 403
    assert admin.get("/admin/audit", headers=html).status_code == 200
    # Dash builds a page's layout in a callback: a viewer asking for it gets a refusal
    refused = dash_call(viewer, app, "_pages_content.children",
                        {"pathname": "/admin/audit", "search": ""})
    assert "Not allowed" in json.dumps(refused) and "audit-kind" not in json.dumps(refused)
    shown = dash_call(admin, app, "_pages_content.children",
                      {"pathname": "/admin/audit", "search": ""})
    assert "audit-kind" in json.dumps(shown)


# --- sign-in ---------------------------------------------------------------------------

def test_sign_in_sets_a_signed_httponly_samesite_cookie_and_sign_out_ends_it(db):
    app = make_app(db)
    client = app.server.test_client()
    answer = client.post("/login", data={"username": "vic", "password": PASSWORD,
                                         "next": "/watchlist"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/watchlist"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "atrisk_session=" in cookie
    assert "vic" not in cookie.split(";")[0].split("=", 1)[1].split(".")[1:]  # signed
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and "vic (viewer)" in layout.get_data(as_text=True)
    forged = app.server.test_client()
    forged.set_cookie("atrisk_session", cookie.split(";")[0].split("=", 1)[1][:-3] + "AAA")
    assert forged.get("/_dash-layout").status_code == 401
    client.post("/logout")
    assert client.get("/_dash-layout").status_code == 401
    offsite = app.server.test_client().post(
        "/login", data={"username": "vic", "password": PASSWORD, "next": "//evil.example/"})
    assert offsite.headers["Location"] == "/"
    app.server.config["WAREHOUSE"].close()


@pytest.mark.usefixtures("monkeypatch")
def test_a_removed_user_loses_access_and_a_role_change_applies(db):
    users.add_user(db, "tmp", "analyst", PASSWORD)
    app = make_app(db)
    app.server.config["USER_CACHE"].ttl_s = 0
    client = signed_in(app, "tmp")
    assert client.get("/upload", headers={"Accept": "text/html"}).status_code == 200
    users.set_role(db, "tmp", "viewer")
    assert client.get("/upload", headers={"Accept": "text/html"}).status_code == 403
    users.remove_user(db, "tmp")
    assert client.get("/_dash-layout").status_code == 401
    app.server.config["WAREHOUSE"].close()


def login_from(app, addr, name, password, **headers):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = addr
    return client.post("/login", data={"username": name, "password": password},
                       headers=headers)


@pytest.mark.usefixtures("tmp_path")
def test_failed_sign_ins_back_off_the_address_and_the_account_there_only(db):
    app = make_app(db)
    for n in range(5):   # five wrong passwords for ann, each from another address
        assert login_from(app, f"10.1.0.{n}", "ann", "wrong").status_code == 401
    assert login_from(app, "10.1.1.1", "ann", PASSWORD).status_code == 302   # no lock-out
    for _ in range(5):   # five from one address
        assert login_from(app, "10.1.2.1", "ann", "wrong").status_code == 401
    blocked = login_from(app, "10.1.2.1", "ann", PASSWORD)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert login_from(app, "10.1.2.1", "vic", PASSWORD).status_code == 302   # others may
    assert login_from(app, "10.1.3.1", "ann", PASSWORD).status_code == 302   # elsewhere too
    codes = [login_from(app, "10.2.0.1", f"u{n}", "x").status_code for n in range(22)]
    assert codes == [401] * 20 + [429] * 2     # one address spraying many names
    assert login_from(app, "10.2.0.1", "vic", PASSWORD).status_code == 429
    assert login_from(app, "10.3.0.1", "vic", PASSWORD).status_code == 302
    assert app.server.test_client().post(
        "/login", data={"username": "x", "password": "y" * 5000}).status_code == 413
    app.server.config["WAREHOUSE"].close()


def test_parallel_wrong_passwords_from_one_address_cannot_pass_the_limit(db):
    app = make_app(db)
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda n: login_from(app, "10.9.0.1", f"p{n}", "wrong")
                              .status_code, range(40)))
    assert codes.count(401) == 20 and codes.count(429) == 20
    app.server.config["WAREHOUSE"].close()


def test_throttle_waits_double_and_a_success_uncounts(tmp_path):
    now = [0.0]
    throttle = LoginThrottle(SqliteState(tmp_path / "s.sqlite"), addr_free=10, pair_free=3,
                             base_s=10, max_s=25, clock=lambda: now[0])
    for _ in range(3):
        assert throttle.begin("x", "a") == 0
    assert throttle.begin("x", "a") == 10
    assert throttle.begin("x", "b") == 0          # another account from there: free
    now[0] = 10.5
    assert throttle.begin("x", "a") == 0
    assert throttle.begin("x", "a") == 20
    now[0] = 31
    assert throttle.begin("x", "a") == 0
    assert throttle.begin("x", "a") == 25          # capped
    throttle.succeeded("x", "a")
    now[0] = 57
    assert throttle.begin("x", "a") == 0


def test_sign_in_posted_from_another_site_is_refused_and_sign_out_is_post_only(db):
    app = make_app(db)
    evil = {"Origin": "https://evil.example"}
    assert login_from(app, "10.4.0.1", "vic", PASSWORD, **evil).status_code == 403
    assert login_from(app, "10.4.0.1", "vic", PASSWORD,
                      **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert login_from(app, "10.4.0.1", "vic", PASSWORD, Origin="null").status_code == 403
    assert login_from(app, "10.4.0.1", "vic", PASSWORD, Origin="http://localhost"
                      ).status_code == 302
    assert login_from(app, "10.4.0.1", "vic", PASSWORD,
                      **{"Sec-Fetch-Site": "same-origin"}).status_code == 302
    client = signed_in(app, "vic")
    assert client.get("/logout").status_code == 405
    assert client.get("/_dash-layout").status_code == 200
    app.server.config["WAREHOUSE"].close()


def test_a_signed_out_cookie_is_refused_when_replayed(db):
    app = make_app(db)
    client = signed_in(app, "vic")
    cookie = client.get_cookie("atrisk_session").value
    client.post("/logout")
    replay = app.server.test_client()
    replay.set_cookie("atrisk_session", cookie)
    assert replay.get("/_dash-layout").status_code == 401
    other = make_app(db)    # another worker on the same warehouse folder
    again = other.server.test_client()
    again.set_cookie("atrisk_session", cookie)
    assert again.get("/_dash-layout").status_code == 401
    for each in (app, other):
        each.server.config["WAREHOUSE"].close()


def test_a_briefing_pack_downloads_only_for_whoever_asked_for_it(app):
    registry = app.server.config["EXPORT_JOBS"]
    job = registry.submit(lambda _progress: ExportFile(b"%PDF restricted detail", "b.pdf",
                                                       "application/pdf", {}), "ann")
    for _ in range(200):
        if registry.status(job).state == "done":
            break
        time.sleep(0.01)
    assert signed_in(app, "vic").get(f"/export/briefing/{job}").status_code == 404
    assert signed_in(app, "ada").get(f"/export/briefing/{job}").status_code == 404
    mine = signed_in(app, "ann").get(f"/export/briefing/{job}")
    assert mine.status_code == 200 and mine.data == b"%PDF restricted detail"


# --- what a viewer can obtain ------------------------------------------------------------

def dash_call(client, app, output: str, values: dict, props: dict | None = None):
    """POST a hand-made /_dash-update-component request for the callback whose output key
    contains ``output``; inputs and states take ``values[id]`` (or ``props[id.prop]``)."""
    props = props or {}
    key = next(k for k in app.callback_map if output in k)
    spec = app.callback_map[key]

    def item(dep):
        cid, prop = dep["id"], dep["property"]
        value = props.get(f"{cid}.{prop}", values.get(cid) if not isinstance(
            values.get(cid), dict) else values[cid].get(prop))
        if cid in ("_pages_location",):
            value = values.get(prop)
        return {"id": cid, "property": prop, "value": value}

    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]}
               for o in key.strip(".").split("...")]
    body = {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [item(d) for d in spec["inputs"]],
            "state": [item(d) for d in spec["state"]], "changedPropIds": []}
    answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code in (200, 204), answer.data[:500]
    return answer.get_json() if answer.status_code == 200 else None


def table_rows(client, app, iso3: str, page: int):
    size = 25
    props = {"country-dates.start_date": "1990-01-01", "country-dates.end_date": "2030-12-31",
             "country-iso3.data": iso3,
             "country-incident-table.getRowsRequest": {
                 "startRow": page * size, "endRow": (page + 1) * size,
                 "sortModel": [{"colId": "fatalities", "sort": "desc"}]}}
    answer = dash_call(client, app, "country-incident-table.getRowsResponse", {}, props)
    return answer["response"]["country-incident-table"]["getRowsResponse"]["rowData"]


def test_a_viewers_crafted_table_request_gets_no_restricted_detail(app, db):
    iso3 = restricted_country(db)
    viewer, analyst = signed_in(app, "vic"), signed_in(app, "ann")
    full = {r["incident_id"]: r for page in range(6) for r in table_rows(analyst, app, iso3,
                                                                         page)}
    restricted_cells = {(float(r["lat"]) + 90) // 0.5 * 0.5 - 89.75 for r in full.values()
                        if r["sensitivity"] == "restricted"}
    seen_restricted = 0
    for page in range(4):
        for shown in table_rows(viewer, app, iso3, page):
            if shown["sensitivity"] == "restricted":
                seen_restricted += 1
                assert re.fullmatch(r"restricted:[0-9a-f]{20}", shown["incident_id"])
                assert shown["incident_id"] not in full
                for key in ("description", "perpetrator", "target", "location", "source_id"):
                    assert shown[key] == "–", (key, shown)
                assert min(abs(float(shown["lat"]) - c) for c in restricted_cells) < 0.051
            else:
                assert shown == full[shown["incident_id"]]
    assert seen_restricted >= 3
    assert any(r["sensitivity"] == "restricted" and r["source_id"] != "–"
               for r in full.values())


def test_a_viewers_csv_download_and_top_actors_hold_no_restricted_detail(app, db):
    iso3 = restricted_country(db)
    url = f"/download/incidents.csv?iso3={iso3}&from=1990-01-01&to=2030-12-31"
    rows = {r["incident_id"]: r for r in csv.DictReader(io.StringIO(
        signed_in(app, "vic").get(url).get_data(as_text=True)))}
    full = {r["incident_id"]: r for r in csv.DictReader(io.StringIO(
        signed_in(app, "ann").get(url).get_data(as_text=True)))}
    public = {k for k, r in full.items() if r["sensitivity"] == "public"}
    restricted = [k for k, r in full.items() if r["sensitivity"] == "restricted"]
    hidden = [r for k, r in rows.items() if r["sensitivity"] == "restricted"]
    assert len(restricted) == len(hidden) >= 3
    assert {k for k, r in rows.items() if r["sensitivity"] == "public"} == public
    assert not set(restricted) & rows.keys()
    for row in hidden:
        assert re.fullmatch(r"restricted:[0-9a-f]{20}", row["incident_id"])
        assert row["description"] == row["perpetrator"] == row["source_id"] == ""
        assert row["target"] == row["location"] == ""
        assert (float(row["lat"]) + 90) % 0.5 == 0.25   # its cell's centre
    for key in restricted:
        assert full[key]["perpetrator"] != "" and full[key]["source_id"] != ""
    again = csv.DictReader(io.StringIO(signed_in(app, "vic").get(url).get_data(as_text=True)))
    assert {r["incident_id"] for r in again} == rows.keys()   # the opaque ids are stable
    actors = dash_call(signed_in(app, "vic"), app, "country-top-perpetrators.children", {}, {
        "country-dates.start_date": "1990-01-01", "country-dates.end_date": "2030-12-31",
        "country-iso3.data": iso3})
    with duckdb.connect(str(db), read_only=True) as con:
        public_top = con.execute(
            "SELECT perpetrator, count(*) FROM incidents WHERE iso3 = ? AND sensitivity = "
            "'public' AND perpetrator IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1",
            [iso3]).fetchone()
    text = json.dumps(actors)
    assert public_top[0] in text and f'"{public_top[1]}"' in text


def test_viewer_cannot_upload_nor_read_the_audit_log_by_hand_made_requests(app, db):
    viewer = signed_in(app, "vic")
    before = audit.recent_events(db, "import.")
    csv_text = "source,source_id,event_date,latitude,longitude,category\n" \
               "hand,1,2024-01-02,4.36,18.55,armed_conflict\n"
    answer = dash_call(viewer, app, "upload-result.children", {}, {
        "upload-file.contents": "data:text/csv;base64," + base64.b64encode(
            csv_text.encode()).decode(),
        "upload-file.filename": "x.csv", "upload-format.value": "incidents"})
    assert "upload-result" not in json.dumps(answer or {})
    assert audit.recent_events(db, "import.") == before
    events = dash_call(viewer, app, "audit-events.children", {}, {"audit-kind.value": ""})
    assert "login.success" not in json.dumps(events or {})


def test_an_analyst_uploads_through_the_page_and_it_is_imported_and_audited(db, tmp_path):
    # a copy: DuckDB refuses a writer in a process that holds the file read-only elsewhere
    # (the module's app); a server process holds one Warehouse
    for source in (db, audit.audit_path(db)):
        shutil.copy(source, tmp_path / source.name)
    db = tmp_path / db.name
    app = make_app(db)
    analyst = signed_in(app, "ann")
    rows = "source,source_id,event_date,latitude,longitude,category\n" \
           "upload_test,1,2024-01-02,4.36,18.55,armed_conflict\n" \
           "upload_test,2,2024-01-03,4.40,18.60,not_a_category\n"
    answer = dash_call(analyst, app, "upload-result.children", {}, {
        "upload-file.contents": "data:text/csv;base64," + base64.b64encode(
            rows.encode()).decode(),
        "upload-file.filename": "../../evil name.csv", "upload-format.value": "incidents"})
    text = answer["response"]["upload-result"]["children"]
    assert re.search(r"loaded +1\n", text) and re.search(r"rejected +1\n", text), text
    with app.server.app_context():
        assert "upload_test" in incidents.sources(app.server.config["WAREHOUSE"])
    (event,) = audit.recent_events(db, "import.upload", 1)
    assert event.actor == "ann" and event.detail["file"] == "evil_name.csv"
    assert event.remote_addr == "10.0.0.1"
    for bad_name, payload in (("x.exe", rows.encode()), ("x.csv", b"\x00\x01binary"),
                              ("x.csv", "é".encode("latin-1") * 10)):
        refused = dash_call(analyst, app, "upload-result.children", {}, {
            "upload-file.contents": "data:text/csv;base64," + base64.b64encode(
                payload).decode(),
            "upload-file.filename": bad_name, "upload-format.value": "incidents"})
        assert "upload-result" not in json.dumps(refused or {})
    assert len(audit.recent_events(db, "import.upload")) == 1
    app.server.config["WAREHOUSE"].close()


def test_an_analyst_records_a_judgement_and_a_viewers_hand_made_edit_changes_nothing(
        db, tmp_path):
    for source in (db, audit.audit_path(db)):   # a copy: this app writes (see above)
        shutil.copy(source, tmp_path / source.name)
    db = tmp_path / db.name
    app = make_app(db)
    edit = {"country-foa-save.n_clicks": 1, "country-foa-factor.value": 7,
            "country-foa-judgement.value": "present",
            "country-foa-evidence.value": "Militia radio broadcasts, May", "country-iso3.data":
            "CAF"}
    viewer = signed_in(app, "vic", addr="10.4.0.1")
    assert "country-foa-saved" not in json.dumps(
        dash_call(viewer, app, "country-foa-saved.children", {}, edit) or {})
    assert audit.recent_events(db, "edit.") == []
    analyst = signed_in(app, "ann", addr="10.4.0.2")
    saved = dash_call(analyst, app, "country-foa-saved.children", {}, edit)
    assert saved["response"]["country-foa-saved"]["children"].startswith(
        "Recorded: factor 7 present")
    matrix = dash_call(viewer, app, "country-foa.children", {}, {
        "country-iso3.data": "CAF", "country-foa-saved.children": "x"})
    assert "Militia radio broadcasts, May" in json.dumps(matrix)
    (event,) = audit.recent_events(db, "edit.")
    assert (event.action, event.actor, event.remote_addr) == ("edit.assessment", "ann",
                                                              "10.4.0.2")
    assert event.detail["factor"] == 7 and event.detail["iso3"] == "CAF"
    bad = dash_call(analyst, app, "country-foa-saved.children", {},
                    dict(edit, **{"country-foa-judgement.value": "'; DROP TABLE x; --"}))
    assert "country-foa-saved" not in json.dumps(bad or {})
    app.server.config["WAREHOUSE"].close()


# --- hostile parameters ------------------------------------------------------------------

@pytest.mark.usefixtures("db")
def test_hostile_strings_in_url_parameters_change_nothing_and_leak_no_error(app):
    client = signed_in(app, "ann")
    base = "/download/incidents.csv?iso3=CAF&from=2020-01-01&to=2030-12-31"
    expected = client.get(base).data
    nothing = client.get(base + "&admin1=no-such-region").data   # just the header row
    for name in ("category", "source", "admin1", "sort", "desc", "from", "to"):
        for value in HOSTILE:
            url = base.replace(f"&{name}=", "&x=") + "&" + urlencode({name: value})
            answer = client.get(url)
            body = answer.get_data(as_text=True)
            assert answer.status_code == 200, (name, value)
            assert not any(leak in body for leak in LEAKS), (name, value)
            if name not in ("sort", "desc", "from", "to"):
                assert answer.data == expected or (name == "admin1" and answer.data
                                                   == nothing), (name, value)
    for value in HOSTILE:
        for url in (f"/download/incidents.csv?iso3={value}", f"/export/snapshot?page={value}",
                    f"/export/snapshot?page=country&iso3={value}&format=png",
                    f"/export/briefing/{value}", f"/country/{value}"):
            answer = client.get(url)
            assert answer.status_code in (200, 400, 404), (url, answer.status_code)
            body = answer.data.decode("utf-8", "replace")
            # Dash's page shell repeats its own URL, escaped, in og:/twitter:url meta tags
            body = re.sub(r'<meta property="[a-z:]*url" content="[^"<>]*">', "", body)
            assert not any(leak in body for leak in LEAKS), url
            assert "<script>alert(1)" not in body, url


def test_hostile_strings_in_callback_filters_change_nothing(app, db):
    client = signed_in(app, "ann")
    iso3 = restricted_country(db)
    good = {"country-dates.start_date": "2020-01-01", "country-dates.end_date": "2030-12-31",
            "country-iso3.data": iso3}
    expected = dash_call(client, app, "country-kpi-incidents.children", {}, good)
    nothing = dash_call(client, app, "country-kpi-incidents.children", {},
                        dict(good, **{"country-admin1.value": "no-such-region"}))
    for prop in ("country-category.value", "country-source.value", "country-admin1.value"):
        for value in HOSTILE:
            hostile = dict(good, **{prop: [value] if prop.endswith("category.value")
                                    else value})
            answer = dash_call(client, app, "country-kpi-incidents.children", {}, hostile)
            # ignored, or (a well-formed region code) a region that matches no incident
            assert answer == expected or (prop.endswith("admin1.value") and answer == nothing)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM incidents").fetchone()[0] >= 4000


# --- the audit trail and headers ---------------------------------------------------------

@pytest.mark.usefixtures("tmp_path")
def test_the_audit_log_records_each_kind_of_event(db, monkeypatch):
    app = make_app(db)
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    client.post("/login", data={"username": "ada", "password": "nope"})
    client.post("/login", data={"username": "ada", "password": PASSWORD})
    client.get("/download/incidents.csv?iso3=CAF")
    client.post("/logout")
    monkeypatch.setattr("sys.stdin", io.StringIO("another long password\n"))
    assert cli.main(["users", "add", "newbie", "--role", "viewer", "--db", str(db)]) == 0
    assert cli.main(["users", "set-role", "newbie", "analyst", "--db", str(db)]) == 0
    assert cli.main(["users", "remove", "newbie", "--db", str(db)]) == 0
    events = audit.recent_events(db, "", 500)
    kinds = {e.action for e in events}
    assert {"login.failure", "login.success", "logout", "export.csv", "user.add",
            "user.set_role", "user.remove"} <= kinds
    failure = next(e for e in events if e.action == "login.failure" and e.actor == "ada")
    assert failure.remote_addr == "10.9.9.9" and failure.detail == {"user": "ada"}
    csv_event = next(e for e in events if e.action == "export.csv")
    assert csv_event.actor == "ada" and csv_event.detail["restricted_detail"] is True
    app.server.config["WAREHOUSE"].close()


def test_users_cli_adds_lists_and_refuses_bad_input(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["users", "add", "shorty", "--role", "viewer", "--db", str(db)]) == 2
    assert "at least 10 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["users", "add", "vic", "--role", "viewer", "--db", str(db)]) == 2
    assert "already a user called 'vic'" in capsys.readouterr().err
    assert cli.main(["users", "list", "--db", str(db)]) == 0
    listed = capsys.readouterr().out
    assert "ada\tadmin" in listed and "vic\tviewer" in listed and "scrypt" not in listed
    assert cli.main(["users", "remove", "nobody", "--db", str(db)]) == 2
    assert users.authenticate(db, "vic", PASSWORD).role == "viewer"
    with duckdb.connect(str(audit.audit_path(db)), read_only=True) as con:
        stored = con.execute("SELECT password_hash FROM users WHERE username = 'vic'").fetchone()
    assert stored[0].startswith("scrypt$32768$8$1$") and PASSWORD not in stored[0]


def test_serving_beyond_loopback_without_a_secret_refuses_to_start(db, capsys, monkeypatch):
    monkeypatch.delenv("ATRISK_SECRET_KEY", raising=False)
    assert cli.main(["serve", "--host", "0.0.0.0", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "ATRISK_SECRET_KEY is not set" in err
    with pytest.raises(ValueError, match="ATRISK_SECRET_KEY"):
        create_app(Settings(db=db, auth=True))


def test_security_headers_on_pages_and_answers(app):
    client = signed_in(app, "vic")
    for url in ("/", "/login", "/_dash-layout", "/health"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert "worker-src 'self' blob:" in csp
        assert "http" not in csp and "unsafe-eval" not in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_without_sign_in_on_loopback_everyone_has_full_access_and_is_told(db):
    app = create_app(Settings(db=db))
    client = app.server.test_client()
    assert client.get("/upload", headers={"Accept": "text/html"}).status_code == 200
    assert "Sign-in off (local demo): full access" in client.get("/_dash-layout").get_data(
        as_text=True)
    app.server.config["WAREHOUSE"].close()
