"""The pieces of access control on their own: roles, password hashes, settings, the
readers-writer lock of the warehouse, the CSP text, the upload checks."""

from __future__ import annotations

import base64

import pytest

from dashboard.access import content_security_policy
from dashboard.settings import Settings, is_loopback
from dashboard.uploads import checked_upload
from queries.access import FULL_ACCESS, Access, AccessDenied
from queries.users import check_username, hash_password, verify_password


def test_roles_include_the_ones_below_them():
    viewer, analyst = Access("v", "viewer"), Access("a", "analyst")
    assert not viewer.may_see_restricted and analyst.may_see_restricted
    assert analyst.has("viewer") and not analyst.has("admin") and FULL_ACCESS.has("admin")
    with pytest.raises(AccessDenied, match="importing needs the analyst role"):
        viewer.require("analyst", "importing")
    with pytest.raises(ValueError, match="unknown role 'root'"):
        Access("x", "root")


def test_password_hashes_are_salted_scrypt_and_verify_only_the_password():
    first, second = hash_password("a long password"), hash_password("a long password")
    assert first != second and first.startswith("scrypt$32768$8$1$")
    assert verify_password("a long password", first)
    assert not verify_password("a long passwore", first)
    assert not verify_password("a long password", "md5$abc")
    assert not verify_password("x", "garbage")


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "../etc", "o'neil"])
def test_user_names_are_plain(name):
    with pytest.raises(ValueError, match="user name"):
        check_username(name)


def test_sign_in_is_forced_beyond_loopback_and_needs_a_secret():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.5")
    assert not Settings().auth_enabled
    assert Settings(host="0.0.0.0").auth_enabled and Settings(auth=True).auth_enabled
    with pytest.raises(ValueError, match="ATRISK_SECRET_KEY is not set"):
        Settings(auth=True).checked()
    assert Settings(auth=True, demo=True).checked().auth_enabled
    env = Settings.from_env({"ATRISK_AUTH": "true", "ATRISK_SECRET_KEY": "s3"})
    assert env.auth and env.secret_key == "s3" and "s3" not in repr(env)
    with pytest.raises(ValueError, match="ATRISK_AUTH: expected 1/0"):
        Settings.from_env({"ATRISK_AUTH": "maybe"})


def test_csp_allows_only_this_site_and_the_given_script_hashes():
    csp = content_security_policy(["'sha256-abc'"])
    directives = dict(part.split(" ", 1) for part in csp.split("; "))
    assert directives["script-src"] == "'self' 'sha256-abc'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["worker-src"] == "'self' blob:"
    assert directives["connect-src"] == "'self'"
    assert "http" not in csp and "*" not in csp


def _upload(data: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(data).decode()


def test_upload_checks_name_size_and_content():
    assert checked_upload(_upload(b"a,b\n1,2\n"), "../../x y.csv", "incidents", 1) == \
        ("x_y.csv", b"a,b\n1,2\n")
    refusals = [
        ((_upload(b"a"), "x.csv", "nope"), "format"),
        ((_upload(b"a"), "x.xlsx", "incidents"), "only .csv"),
        (("not a data url", "x.csv", "incidents"), "did not arrive"),
        (("data:text/csv;base64,@@@", "x.csv", "incidents"), "did not arrive"),
        ((_upload(b"x" * (1024 * 1024 + 1)), "x.csv", "incidents"), "larger than 1 MB"),
        ((_upload(b"PK\x03\x04\x00"), "x.csv", "incidents"), "binary"),
        ((_upload("é".encode("latin-1") * 10), "x.csv", "incidents"), "not UTF-8"),
    ]
    for args, message in refusals:
        with pytest.raises(ValueError, match=message):
            checked_upload(*args, 1)
