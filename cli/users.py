"""``atrisk users add|list|remove|set-role|set-email``: who may sign in, and their role."""

from __future__ import annotations

import getpass
import sys

from cli.common import add_db
from dashboard.settings import Settings
from queries import audit, users
from queries.access import ROLES
from queries.alerts.people import check_email, set_email


def add_parser(commands) -> None:
    """``users add|list|remove|set-role|set-email``: the accounts that may sign in."""
    users_ = commands.add_parser("users", help="manage who may sign in")
    actions = users_.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user; the password is read from standard input")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--email", help="where alert digests go")
    actions.add_parser("list", help="list the users and their roles")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    set_role = actions.add_parser("set-role", help="change a user's role")
    set_role.add_argument("name")
    set_role.add_argument("role", choices=ROLES)
    set_email_ = actions.add_parser("set-email", help="where a user's alert digests go")
    set_email_.add_argument("name")
    set_email_.add_argument("email")
    for sub in (add, remove, set_role, set_email_, actions.choices["list"]):
        add_db(sub)


def run(args, settings: Settings) -> int:
    """Add, list, remove a user or change a role; every change is audited."""
    if args.action == "list":
        for user in users.list_users(settings.db):
            print(f"{user.username}\t{user.role}\tsince {user.created_at:%Y-%m-%d}")
        return 0
    detail = _change(args, settings)
    action = "user." + args.action.replace("-", "_")
    audit.record_event(settings.db, getpass.getuser(), action, dict(detail, via="cli"))
    print(f"{action}: {args.name}" + (f" ({detail['role']})" if "role" in detail else ""))
    return 0


def _change(args, settings: Settings) -> dict:
    """Make the change ``args.action`` asks for; returns what the audit event records."""
    if args.action == "add":
        if args.email:
            check_email(args.email)
        users.add_user(settings.db, args.name, args.role, _read_password())
        detail = {"user": args.name, "role": args.role}
        if args.email:
            set_email(settings.db, args.name, args.email)
            detail["email"] = args.email
        return detail
    if args.action == "set-email":
        set_email(settings.db, args.name, args.email)
        return {"user": args.name, "email": args.email}
    if args.action == "remove":
        users.remove_user(settings.db, args.name)
        return {"user": args.name}
    users.set_role(settings.db, args.name, args.role)
    return {"user": args.name, "role": args.role}


def _read_password() -> str:
    """The password from standard input: asked twice at a terminal, else its first line."""
    if sys.stdin.isatty():
        first, second = getpass.getpass("Password: "), getpass.getpass("Again: ")
        if first != second:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")
