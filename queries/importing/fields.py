"""Vectorised parsing of text columns, collecting per row why a value is unusable.

Every parser takes a column as Arrow strings (what :meth:`Chunk.text` gives) or as an
object array of str (``""`` or ``None`` for empty), returns typed values, and flags bad
rows in a :class:`RowProblems` with a reason that names the column, what was expected and
what was found.

The work is done on Arrow arrays, without making a Python object per value: pyarrow
compute where it is known to agree with the pandas / Python semantics the importers were
written against (``str.strip``, ``pd.to_numeric``, ``pd.to_datetime``), and pandas itself
for the few values where it might not (exponents, negative zero, non-canonical dates,
non-ASCII text to lower-case). Tests in ``tests/unit/test_fields.py`` pin the agreement.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_MAX_SHOWN = 40

# Every character that Python's str.strip() removes, i.e. str.isspace(); a unit test
# checks this against the running Python's Unicode database.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

# A plain decimal number: Arrow's cast and pandas' to_numeric agree on these (exponents
# are left to pandas, whose rounding of some differs from a correctly rounded parse).
_PLAIN_NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$"
# From this magnitude on, whole numbers may read differently as int64 and as float64.
_EXACT_FLOAT_INTEGERS = 2.0 ** 53
# Whole numbers are stored as INTEGER (32-bit): larger ones reject the row, not the file.
INT32_MAX = 2 ** 31 - 1
_DATE_MIN = np.datetime64("1900-01-01")
_DATE_MAX = np.datetime64("2100-12-31")

Column = pa.Array | pa.ChunkedArray | np.ndarray | None


class RowProblems:
    """The reasons, per row of a chunk, why the row cannot be loaded."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._flags: list[tuple[np.ndarray, str, str, object]] = []

    def flag(self, mask, column: str, expected: str, values=None) -> None:
        """Reject the rows where ``mask`` is true: ``column``: expected ``expected``.

        ``mask`` is a bool array (numpy, or Arrow with nulls meaning false); ``values``,
        the text shown as what was found, a numpy or Arrow array (or None for none).
        """
        mask = as_bool(mask)
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
        positions = np.asarray(positions, dtype=np.int64).reshape(-1)
        out: list[list[str]] = [[] for _ in positions]
        for mask, column, expected, values in self._flags:
            hits = np.flatnonzero(mask[positions])
            for k, value in zip(hits, _values_at(values, positions[hits]), strict=True):
                out[k].append(_reason(column, expected, value))
        return out


def _values_at(values, positions: np.ndarray) -> list:
    """The values at ``positions`` as Python objects (None for none)."""
    if values is None:
        return [None] * len(positions)
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values.take(pa.array(positions, type=pa.int64())).to_pylist()
    return [values[pos] for pos in positions]


def _reason(column: str, expected: str, value) -> str:
    if value is None:
        return f"{column}: expected {expected}"
    shown = str(value)
    if len(shown) > _MAX_SHOWN:
        shown = shown[:_MAX_SHOWN] + "..."
    return f"{column}: expected {expected}, got {shown!r}" if shown else \
        f"{column}: expected {expected}, got an empty value"


def as_bool(mask) -> np.ndarray:
    """A mask as a numpy bool array; Arrow nulls count as false."""
    if isinstance(mask, pa.ChunkedArray):
        mask = mask.combine_chunks()
    if isinstance(mask, pa.Array):
        return pc.fill_null(mask, False).to_numpy(zero_copy_only=False, writable=True)
    return np.asarray(mask, dtype=bool)


def arrow_text(values: Column, n: int) -> pa.Array:
    """A column as one Arrow string array, as read (not stripped); ``""`` for None and
    for an absent column."""
    if values is None:
        return pa.repeat(pa.scalar("", pa.string()), n)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    if not isinstance(values, pa.Array):
        values = pa.array(np.asarray(values, dtype=object), type=pa.string(),
                          from_pandas=True)
    if values.type != pa.string():
        values = values.cast(pa.string())
    if values.null_count:
        values = pc.fill_null(values, "")
    return values


def text(values: Column, n: int) -> pa.Array:
    """Text with surrounding white space removed (as ``str.strip`` does), as Arrow;
    an absent column is all empty."""
    if values is None:
        return arrow_text(None, n)
    return pc.utf8_trim(arrow_text(values, n), characters=WHITESPACE)


def is_empty(values: pa.Array) -> np.ndarray:
    """True where an Arrow string is empty (or null)."""
    return pc.fill_null(pc.equal(pc.binary_length(values), 0), True).to_numpy(
        zero_copy_only=False, writable=True)


def text_or_null(values: Column, n: int) -> pa.Array:
    """Stripped text as Arrow, null where empty."""
    out = text(values, n)
    return pc.if_else(pc.equal(pc.binary_length(out), 0), pa.scalar(None, pa.string()), out)


def free_text(values: Column, n: int) -> np.ndarray:
    """Free text (descriptions, actors, places) exactly as written, leading white space
    included (a leading tab or line break keeps guarding a cell in a spreadsheet); null
    where it is empty or only white space."""
    raw = arrow_text(values, n)
    blank = pc.equal(pc.binary_length(text(raw, n)), 0)
    return pc.if_else(blank, pa.scalar(None, pa.string()), raw).to_numpy(
        zero_copy_only=False, writable=True)


def stripped(values: Column, n: int) -> np.ndarray:
    """Text with surrounding white space removed; an absent column is all empty."""
    if values is None:
        return np.full(n, "", dtype=object)
    return text(values, n).to_numpy(zero_copy_only=False, writable=True)


def text_or_none(values: Column, n: int) -> np.ndarray:
    """Stripped text, ``None`` where empty."""
    return text_or_null(values, n).to_numpy(zero_copy_only=False, writable=True)


def number(values: Column, n: int, column: str, problems: RowProblems, *,
           required: bool, lo: float | None = None, hi: float | None = None,
           integer: bool = False) -> np.ndarray:
    """Parse numbers; NaN where empty. Flags non-numbers, out-of-range values, and empty
    values when ``required``. Whole numbers are at most :data:`INT32_MAX` (what the
    warehouse stores), whatever ``hi`` says."""
    t = text(values, n)
    empty = is_empty(t)
    parsed = to_float(t, empty)
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
    problems.flag(bad, column, expected, t)
    if integer:
        too_large = ~bad & finite & (np.abs(parsed) > INT32_MAX)
        problems.flag(too_large, column, f"a whole number no larger than {INT32_MAX}", t)
        bad |= too_large
    parsed[bad] = np.nan
    return parsed


def to_float(t: pa.Array, empty: np.ndarray | None = None) -> np.ndarray:
    """Stripped text as float64 exactly as ``pd.to_numeric(errors="coerce")`` reads it;
    NaN where empty or not a number. A new, writable array.

    Plain decimals go through Arrow. pandas reads the rest: anything else on its own
    (exponents: pandas rounds some differently), and the whole column when it has a
    negative zero or a whole number of 2**53 or more, which pandas reads differently
    depending on whether every value of the column is a whole number.
    """
    if empty is None:
        empty = is_empty(t)
    if _plain_bytes(t):
        # Only digits, signs and points: what Arrow reads, pandas reads the same way.
        candidates = pc.if_else(empty, pa.scalar(None, pa.string()), t) if empty.any() else t
        try:
            out = pc.cast(candidates, pa.float64()).to_numpy(zero_copy_only=False,
                                                           writable=True)
        except pa.ArrowInvalid:  # "1.2.3", "+-1", "."
            pass
        else:
            return out if _context_free(out) else _pandas_numbers(
                t.to_numpy(zero_copy_only=False))
    plain = pc.fill_null(pc.match_substring_regex(t, _PLAIN_NUMBER), False)
    out = pc.cast(pc.if_else(plain, t, pa.scalar(None, pa.string())), pa.float64()) \
        .to_numpy(zero_copy_only=False, writable=True)
    if not _context_free(out):
        return _pandas_numbers(t.to_numpy(zero_copy_only=False))
    others = np.flatnonzero(~plain.to_numpy(zero_copy_only=False) & ~empty)
    if len(others):
        out[others] = _pandas_numbers(
            t.take(pa.array(others, type=pa.int64())).to_numpy(zero_copy_only=False))
    return out


def _context_free(parsed: np.ndarray) -> bool:
    """Whether pandas reads each of these numbers the same whatever the others are: no
    negative zero, no whole number of 2**53 or more (int64 first when all are whole)."""
    with np.errstate(invalid="ignore"):
        return not (((parsed == 0) & np.signbit(parsed)) |
                    (np.abs(parsed) >= _EXACT_FLOAT_INTEGERS)).any()


def _string_bytes(t: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes of all values of a string array without nulls, and the value
    offsets into them (len(t) + 1, starting at 0)."""
    offsets = np.frombuffer(t.buffers()[1], dtype=np.int32)[t.offset:t.offset + len(t) + 1]
    data = t.buffers()[2]
    if data is None or len(t) == 0:
        return np.zeros(0, dtype=np.uint8), offsets - offsets[0] if len(offsets) else offsets
    return (np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]],
            offsets - offsets[0])


def _plain_bytes(t: pa.Array) -> bool:
    """Whether every value has only digits, signs and decimal points."""
    data, _ = _string_bytes(t)
    if np.count_nonzero((data - np.uint8(ord("+"))) > ord("9") - ord("+")):
        return False  # a byte outside '+' .. '9'
    return not np.count_nonzero((data == ord(",")) | (data == ord("/")))


def _pandas_numbers(text: np.ndarray) -> np.ndarray:
    """What the importers always did: ``pd.to_numeric``, empty as missing."""
    return pd.to_numeric(pd.Series(text, dtype=object).replace("", None),
                         errors="coerce").to_numpy(dtype=float, copy=True)


def _expected_number(lo: float | None, hi: float | None, integer: bool) -> str:
    kind = "a whole number" if integer else "a number"
    if lo is not None and hi is not None:
        return f"{kind} from {lo:g} to {hi:g}"
    if lo is not None:
        return f"{kind} of at least {lo:g}"
    return kind


def date(values: Column, n: int, column: str, problems: RowProblems, *,
         required: bool, formats: tuple[str, ...] = ("%Y-%m-%d",),
         first_chars: int | None = None) -> np.ndarray:
    """Parse dates with the first matching format; NaT where empty or bad.

    ``first_chars`` keeps only the start of each value (UCDP writes
    ``2008-02-29 00:00:00.000``). Years outside 1900-2100 are flagged too.
    """
    t = text(values, n)
    if first_chars:
        t = pc.utf8_slice_codeunits(t, 0, first_chars)
    empty = is_empty(t)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    todo = ~empty
    if formats and formats[0] == "%Y-%m-%d" and todo.any():
        done = _canonical_dates(t, out)
        todo &= ~done
    for fmt in formats:
        if not todo.any():
            break
        where = np.flatnonzero(todo)
        others = t.take(pa.array(where, type=pa.int64())).to_numpy(zero_copy_only=False)
        parsed = pd.to_datetime(pd.Series(others, dtype=object), format=fmt,
                                errors="coerce").to_numpy(dtype="datetime64[s]")
        out[where] = parsed
        todo[where] = np.isnat(parsed)
    outside = ~np.isnat(out) & ((out < _DATE_MIN) | (out > _DATE_MAX))
    bad = (~empty & np.isnat(out)) | outside | (empty & required)
    shown = " or ".join(_FORMAT_NAMES.get(f, f) for f in formats)
    problems.flag(bad, column, f"a date as {shown}", t)
    out[bad] = np.datetime64("NaT")
    return out.astype("datetime64[D]")


def _canonical_dates(t: pa.Array, out: np.ndarray) -> np.ndarray:
    """Read the values written exactly ``YYYY-MM-DD`` (years 1900-2099, a real day of
    the month) into ``out``, digit by digit; returns where that gave a date. The rest
    (other spellings, other years, impossible days) is left for pandas."""
    done = np.zeros(len(t), dtype=bool)
    if t.null_count:
        return done
    _, offsets = _string_bytes(t)
    rows = np.flatnonzero(np.diff(offsets) == 10)
    if not len(rows):
        return done
    these = t if len(rows) == len(t) else t.take(pa.array(rows, type=pa.int64()))
    data, _ = _string_bytes(these)
    chars = data.reshape(-1, 10)
    digits = chars - np.uint8(ord("0"))  # a non-digit wraps around to more than 9
    shaped = ((digits[:, _DATE_DIGITS] <= 9).all(axis=1) & (chars[:, 4] == ord("-")) &
              (chars[:, 7] == ord("-")))
    digits = digits.astype(np.int32)
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    month = digits[:, 5] * 10 + digits[:, 6]
    day = digits[:, 8] * 10 + digits[:, 9]
    ok = shaped & (year >= 1900) & (year <= 2099) & (month >= 1) & (month <= 12) & (day >= 1)
    month_start = ((np.where(ok, year, 1970) - 1970) * 12 + np.where(ok, month, 1) - 1) \
        .astype("datetime64[M]")
    first_day = month_start.astype("datetime64[D]")
    ok &= day <= ((month_start + 1).astype("datetime64[D]") - first_day).astype(np.int64)
    out[rows[ok]] = first_day[ok] + (day[ok] - 1)
    done[rows[ok]] = True
    return done


_DATE_DIGITS = np.array([True, True, True, True, False, True, True, False, True, True])


_FORMAT_NAMES = {"%Y-%m-%d": "YYYY-MM-DD", "%d %B %Y": "'16 May 2025'", "%d-%b-%Y": "'16-May-2025'",
                 "%Y": "YYYY", "%d/%m/%Y": "DD/MM/YYYY"}


def lower(t: pa.Array) -> pa.Array:
    """Lower-cased text as ``str.lower`` does it (Arrow for ASCII, else Python)."""
    if pc.all(pc.string_is_ascii(t)).as_py() is not False:
        return pc.ascii_lower(t)
    values = t.to_numpy(zero_copy_only=False)
    return pa.array(pd.Series(values, dtype=object).str.lower().to_numpy(dtype=object),
                    type=pa.string(), from_pandas=True)


def choice(values: Column, n: int, column: str, problems: RowProblems,
           allowed: tuple[str, ...], *, default: str | None = None) -> np.ndarray:
    """A value from ``allowed`` (case-insensitive); empty takes ``default`` when given."""
    t = lower(text(values, n))
    if default is not None:
        t = pc.if_else(pc.equal(pc.binary_length(t), 0), pa.scalar(default, pa.string()), t)
    bad = ~as_bool(pc.is_in(t, value_set=pa.array(allowed, type=pa.string())))
    problems.flag(bad, column, "one of " + ", ".join(allowed), t)
    return t.to_numpy(zero_copy_only=False, writable=True)
