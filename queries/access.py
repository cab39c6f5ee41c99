"""Who is asking, and what their role lets them see and do: the data layer's half of
access control. The dashboard decides *who* (from the server-side session); the queries
decide *what* from an :class:`Access`, so a hand-made request cannot get around a hidden
button.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("viewer", "analyst", "admin")   # each role can do what the ones before it can
RESTRICTED_DETAIL_ROLES = ("analyst", "admin")


class AccessDenied(PermissionError):
    """Raised when a role may not do what was asked; the message says what is needed."""


def check_role(role: str) -> str:
    """``role`` when it is one of :data:`ROLES`, else ``ValueError`` naming them."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    return role


@dataclass(frozen=True)
class Access:
    """One person's access: ``user`` (None when nobody is signed in) and ``role``."""

    user: str | None
    role: str

    def __post_init__(self) -> None:
        check_role(self.role)

    @property
    def may_see_restricted(self) -> bool:
        """Whether incidents marked ``restricted`` show their description, actors and exact
        place (viewers see them only in aggregates)."""
        return self.role in RESTRICTED_DETAIL_ROLES

    def has(self, role: str) -> bool:
        """Whether this access includes ``role`` (admin includes analyst includes viewer)."""
        return ROLES.index(self.role) >= ROLES.index(check_role(role))

    def require(self, role: str, what: str) -> None:
        """Raise :class:`AccessDenied` unless this access includes ``role``."""
        if not self.has(role):
            raise AccessDenied(f"{what} needs the {role} role (you are {self.role})")


FULL_ACCESS = Access(user=None, role="admin")   # the command line, and the local demo
