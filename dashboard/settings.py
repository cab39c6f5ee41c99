"""Settings: one typed object, built once from ``ATRISK_*`` environment variables, with
command-line flags taking precedence, and passed into ``create_app``."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

ENV_PREFIX = "ATRISK_"
DEFAULT_DB = Path("var/monitor.duckdb")


@dataclass(frozen=True)
class Settings:
    """Everything the app and the command line can be told."""

    db: Path = DEFAULT_DB
    host: str = "127.0.0.1"
    port: int = 8050
    classification: str = "UNCLASSIFIED"
    auth: bool = False                  # sign-in required (always when host is not loopback)
    secret_key: str = field(default="", repr=False)   # signs the session cookies
    demo: bool = False                  # auth with no secret: a random one per process
    secure_cookies: bool = False        # set behind HTTPS: the cookie is then never sent plain
    max_upload_mb: int = 50
    threads: int = 8                    # request threads per worker process (waitress)
    workers: int = 1                    # worker processes sharing the listening socket
    proxies: int = 0                    # reverse proxies in front that set X-Forwarded-For
    redis_url: str = field(default="", repr=False)   # shared state across machines

    @property
    def auth_enabled(self) -> bool:
        """Sign-in is required: asked for, or the app listens beyond this machine."""
        return self.auth or not is_loopback(self.host)

    def checked(self) -> Settings:
        """These settings, or ``ValueError`` (one line) when they cannot be served safely."""
        if self.auth_enabled and not self.secret_key and not self.demo:
            why = "--auth" if self.auth else f"host {self.host} is not loopback"
            raise ValueError(f"authentication is on ({why}) but ATRISK_SECRET_KEY is not set; "
                             "set it to a long random string (e.g. python3 -c 'import secrets; "
                             "print(secrets.token_hex(32))')")
        if not 1 <= self.threads <= 256 or not 1 <= self.workers <= 64 or self.proxies < 0:
            raise ValueError("threads must be 1-256, workers 1-64 and proxies 0 or more")
        return self

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Settings from ``ATRISK_DB``, ``ATRISK_HOST``, ...; ``overrides`` that are not
        None win (they come from command-line flags)."""
        env = os.environ if env is None else env
        values = {}
        for spec in fields(cls):
            raw = env.get(ENV_PREFIX + spec.name.upper())
            if raw is not None and raw != "":
                values[spec.name] = _coerce(spec.name, raw, spec.type)
        settings = cls(**values)
        chosen = {k: _coerce(k, v, type(getattr(settings, k)).__name__)
                  for k, v in overrides.items() if v is not None}
        return replace(settings, **chosen)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _coerce(name: str, raw, kind: str):
    kind = str(kind)
    if kind == "bool" or isinstance(raw, bool):
        if isinstance(raw, bool):
            return raw
        if raw.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if raw.strip().lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{ENV_PREFIX}{name.upper()}: expected 1/0, true/false, got {raw!r}")
    if "Path" in kind:
        return Path(raw)
    if "int" in kind:
        try:
            return int(raw)
        except ValueError as exc:
            raise ValueError(f"{ENV_PREFIX}{name.upper()}: expected a whole number, "
                             f"got {raw!r}") from exc
    return str(raw)
