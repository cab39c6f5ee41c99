"""Settings: one typed object, built once from ``ATRISK_*`` environment variables, with
command-line flags taking precedence, and passed into ``create_app``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Settings from ``ATRISK_DB``, ``ATRISK_HOST``, ...; ``overrides`` that are not
        None win (they come from command-line flags)."""
        env = os.environ if env is None else env
        values = {}
        for field in fields(cls):
            raw = env.get(ENV_PREFIX + field.name.upper())
            if raw is not None and raw != "":
                values[field.name] = _coerce(field.name, raw, field.type)
        settings = cls(**values)
        chosen = {k: _coerce(k, v, type(getattr(settings, k)).__name__)
                  for k, v in overrides.items() if v is not None}
        return replace(settings, **chosen)


def _coerce(name: str, raw, kind: str):
    kind = str(kind)
    if "Path" in kind:
        return Path(raw)
    if "int" in kind:
        try:
            return int(raw)
        except ValueError as exc:
            raise ValueError(f"{ENV_PREFIX}{name.upper()}: expected a whole number, "
                             f"got {raw!r}") from exc
    return str(raw)
