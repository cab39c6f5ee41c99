"""Vectorised parsing of text columns, collecting per row why a value is unusable.

Every parser takes a column as an object array of str (``""`` for empty), returns typed
values, and flags bad rows in a :class:`RowProblems` with a reason that names the column,
what was expected and what was found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_MAX_SHOWN = 40


class RowProblems:
    """The reasons, per row of a chunk, why the row cannot be loaded."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._flags: list[tuple[np.ndarray, str, str, np.ndarray | None]] = []

    def flag(self, mask: np.ndarray, column: str, expected: str,
             values: np.ndarray | None = None) -> None:
        """Reject the rows where ``mask`` is true: ``column``: expected ``expected``."""
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self._flags.append((mask, column, expected, values))

    def rejected(self) -> np.ndarray:
        """True for every row with at least one problem."""
        out = np.zeros(self.n, dtype=bool)
        for mask, *_ in self._flags:
            out |= mask
        return out

    def reasons(self, positions: np.ndarray) -> list[list[str]]:
        """The reasons for the rows at ``positions``, in the order they were flagged."""
        out: list[list[str]] = [[] for _ in positions]
        for mask, column, expected, values in self._flags:
            for k, pos in enumerate(positions):
                if mask[pos]:
                    out[k].append(_reason(column, expected, None if values is None
                                          else values[pos]))
        return out


def _reason(column: str, expected: str, value) -> str:
    if value is None:
        return f"{column}: expected {expected}"
    shown = str(value)
    if len(shown) > _MAX_SHOWN:
        shown = shown[:_MAX_SHOWN] + "..."
    return f"{column}: expected {expected}, got {shown!r}" if shown else \
        f"{column}: expected {expected}, got an empty value"


def stripped(values: np.ndarray | None, n: int) -> np.ndarray:
    """Text with surrounding white space removed; an absent column is all empty."""
    if values is None:
        return np.full(n, "", dtype=object)
    return pd.Series(values, dtype=object).str.strip().to_numpy(dtype=object, copy=True)


def text_or_none(values: np.ndarray | None, n: int) -> np.ndarray:
    """Stripped text, ``None`` where empty."""
    out = stripped(values, n)
    out[out == ""] = None
    return out


def number(values: np.ndarray | None, n: int, column: str, problems: RowProblems, *,
           required: bool, lo: float | None = None, hi: float | None = None,
           integer: bool = False) -> np.ndarray:
    """Parse numbers; NaN where empty. Flags non-numbers, out-of-range values, and empty
    values when ``required``."""
    text = stripped(values, n)
    parsed = pd.to_numeric(pd.Series(text, dtype=object).replace("", None),
                           errors="coerce").to_numpy(dtype=float, copy=True)
    empty = text == ""
    expected = _expected_number(lo, hi, integer)
    bad = ~empty & np.isnan(parsed)
    finite = ~np.isnan(parsed)
    if lo is not None:
        bad |= finite & (parsed < lo)
    if hi is not None:
        bad |= finite & (parsed > hi)
    if integer:
        bad |= finite & (np.floor(parsed) != parsed)
    if required:
        bad |= empty
    problems.flag(bad, column, expected, text)
    parsed[bad] = np.nan
    return parsed


def _expected_number(lo: float | None, hi: float | None, integer: bool) -> str:
    kind = "a whole number" if integer else "a number"
    if lo is not None and hi is not None:
        return f"{kind} from {lo:g} to {hi:g}"
    if lo is not None:
        return f"{kind} of at least {lo:g}"
    return kind


def date(values: np.ndarray | None, n: int, column: str, problems: RowProblems, *,
         required: bool, formats: tuple[str, ...] = ("%Y-%m-%d",),
         first_chars: int | None = None) -> np.ndarray:
    """Parse dates with the first matching format; NaT where empty or bad.

    ``first_chars`` keeps only the start of each value (UCDP writes
    ``2008-02-29 00:00:00.000``). Years outside 1900-2100 are flagged too.
    """
    text = pd.Series(stripped(values, n), dtype=object)
    if first_chars:
        text = text.str.slice(0, first_chars)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    for fmt in formats:
        todo = parsed.isna() & (text != "")
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    out = parsed.to_numpy(dtype="datetime64[s]", copy=True)
    empty = (text == "").to_numpy()
    outside = ~np.isnat(out) & ((out < np.datetime64("1900-01-01")) |
                                (out > np.datetime64("2100-12-31")))
    bad = (~empty & np.isnat(out)) | outside | (empty & required)
    shown = " or ".join(_FORMAT_NAMES.get(f, f) for f in formats)
    problems.flag(bad, column, f"a date as {shown}", text.to_numpy(dtype=object))
    out[bad] = np.datetime64("NaT")
    return out.astype("datetime64[D]")


_FORMAT_NAMES = {"%Y-%m-%d": "YYYY-MM-DD", "%d %B %Y": "'16 May 2025'", "%d-%b-%Y": "'16-May-2025'",
                 "%Y": "YYYY", "%d/%m/%Y": "DD/MM/YYYY"}


def choice(values: np.ndarray | None, n: int, column: str, problems: RowProblems,
           allowed: tuple[str, ...], *, default: str | None = None) -> np.ndarray:
    """A value from ``allowed`` (case-insensitive); empty takes ``default`` when given."""
    text = pd.Series(stripped(values, n), dtype=object).str.lower()
    if default is not None:
        text = text.replace("", default)
    bad = ~text.isin(allowed).to_numpy()
    problems.flag(bad, column, "one of " + ", ".join(allowed), text.to_numpy(dtype=object))
    return text.to_numpy(dtype=object)
