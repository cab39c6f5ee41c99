"""Vectorised field parsing: values, and reasons that name column, expectation and value."""

import numpy as np

from queries.importing import fields as f


def arr(*values):
    return np.array(values, dtype=object)


def test_number_flags_non_numbers_out_of_range_and_empty_required():
    problems = f.RowProblems(5)
    out = f.number(arr("1.5", " 91 ", "abc", "", "-90"), 5, "latitude", problems,
                   required=True, lo=-90, hi=90)
    assert out[0] == 1.5 and out[4] == -90
    assert np.isnan(out[1:4]).all()
    assert problems.rejected().tolist() == [False, True, True, True, False]
    reasons = problems.reasons(np.array([1, 2, 3]))
    assert reasons == [
        ["latitude: expected a number from -90 to 90, got '91'"],
        ["latitude: expected a number from -90 to 90, got 'abc'"],
        ["latitude: expected a number from -90 to 90, got an empty value"],
    ]


def test_whole_non_negative_numbers():
    problems = f.RowProblems(4)
    out = f.number(arr("3", "-1", "2.5", ""), 4, "best", problems, required=False, lo=0,
                   integer=True)
    assert out[0] == 3 and np.isnan(out[3])
    assert problems.rejected().tolist() == [False, True, True, False]


def test_dates_in_several_formats_and_out_of_range():
    problems = f.RowProblems(5)
    out = f.date(arr("2023-02-16", "16 May 2025", "2023-13-01", "", "1850-01-01"), 5,
                 "event_date", problems, required=True, formats=("%Y-%m-%d", "%d %B %Y"))
    assert str(out[0]) == "2023-02-16" and str(out[1]) == "2025-05-16"
    assert np.isnat(out[2:]).all()
    assert problems.rejected().tolist() == [False, False, True, True, True]
    assert problems.reasons(np.array([2]))[0][0].startswith(
        "event_date: expected a date as YYYY-MM-DD or '16 May 2025', got '2023-13-01'")


def test_ucdp_timestamps_keep_the_date():
    problems = f.RowProblems(1)
    out = f.date(arr("2008-02-29 00:00:00.000"), 1, "date_start", problems, required=True,
                 first_chars=10)
    assert str(out[0]) == "2008-02-29" and not problems.rejected().any()


def test_choice_with_default():
    problems = f.RowProblems(3)
    out = f.choice(arr("Restricted", "", "secret"), 3, "sensitivity", problems,
                   ("public", "restricted"), default="public")
    assert out[:2].tolist() == ["restricted", "public"]
    assert problems.reasons(np.array([2])) == [
        ["sensitivity: expected one of public, restricted, got 'secret'"]]


def test_several_reasons_for_one_row_are_all_kept():
    problems = f.RowProblems(1)
    f.number(arr("x"), 1, "latitude", problems, required=True, lo=-90, hi=90)
    f.number(arr(""), 1, "longitude", problems, required=True, lo=-180, hi=180)
    assert len(problems.reasons(np.array([0]))[0]) == 2


# --- Arrow parsing agrees with the Python / pandas semantics the importers were written for

import sys  # noqa: E402

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pytest  # noqa: E402

NUMBERS = ["1.5", " 91 ", "-90", "+5", ".5", "5.", "00012", "1e3", "1E-3", "+5e32", "6e45",
           "-0", "-0.0", "0", "-00", "inf", "-Infinity", "nan", "NaN", "1e400", "1e-400",
           "9007199254740993", "123456789012345678901234", "-9223372036854775809",
           "0.30000000000000004", "4.3667", "1,000", "1_000", "0x10", "١٢", "abc", "1e",
           ".", "-", "", "  ", "\u3000 7 \x1c", "1 2", "--1"]
DATES = ["2008-02-29", "2009-02-29", "2008-02-30", "2008-04-31", "2008-13-01", "2008-00-10",
         "2008-01-00", "2008-2-3", "2008-02-3", "08-02-03", "0001-01-01", "0000-01-01",
         "1899-12-31", "1900-01-01", "2099-12-31", "2100-12-31", "2101-01-01", "9999-12-31",
         "2008/02/03", "20080203", "２００８-02-03", "-2008-02-03", " 2008-02-03 ", "", "x"]


def as_given(kind, values):
    return pa.array(values, type=pa.string()) if kind == "arrow" else arr(*values)


def test_whitespace_is_what_str_strip_removes():
    assert set(f.WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


@pytest.mark.parametrize("kind", ["numpy", "arrow"])
def test_stripped_is_str_strip(kind):
    values = [" a ", "\x1c\x85b\u3000", "\u200bc\u200b", "", "   ", "d e", "\ufeffx"]
    out = f.stripped(as_given(kind, values), len(values))
    assert out.tolist() == [v.strip() for v in values] and out.dtype == object
    assert f.text_or_none(as_given(kind, values), len(values)).tolist() == [
        v.strip() or None for v in values]


@pytest.mark.parametrize("kind", ["numpy", "arrow"])
@pytest.mark.parametrize("values", [
    NUMBERS,
    # pandas reads these differently when every value is a whole number (int64 first)
    ["-0", "-00", "1"], ["-0", "1.5"], ["9007199254740993", "1"],
    ["18446744073709551617", "-1"], ["123456789012345678901234", "2"],
    ["+5e32", "1"], ["1", "2", "3"], ["1.25", " 2 ", ""],
], ids=["edge cases", "-0 ints", "-0 floats", "2**53+1", "uint64+", "huge int", "exponent",
        "ints", "floats"])
def test_numbers_are_read_as_pandas_reads_them(kind, values):
    expected = pd.to_numeric(pd.Series([v.strip() for v in values], dtype=object)
                             .replace("", None), errors="coerce").to_numpy(dtype=float)
    out = f.to_float(f.text(as_given(kind, values), len(values)))
    assert out.tobytes() == expected.tobytes()  # bit for bit: the sign of zero, rounding
    assert out.flags.writeable


def test_number_flags_what_pandas_cannot_read_and_shows_the_stripped_text():
    problems = f.RowProblems(len(NUMBERS))
    out = f.number(pa.array(NUMBERS), len(NUMBERS), "x", problems, required=False)
    bad = problems.rejected()
    assert [v for v, b in zip(NUMBERS, bad, strict=True) if b] == [
        "nan", "NaN", "1,000", "1_000", "0x10", "١٢", "abc", "1e", ".", "-", "1 2", "--1"]
    assert np.isnan(out[bad]).all()
    assert problems.reasons(np.array([NUMBERS.index("1 2")])) == [
        ["x: expected a number, got '1 2'"]]


@pytest.mark.parametrize("kind", ["numpy", "arrow"])
def test_dates_are_read_as_pandas_reads_them(kind):
    text = pd.Series([v.strip() for v in DATES], dtype=object)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    todo = text != ""
    parsed[todo] = pd.to_datetime(text[todo], format="%Y-%m-%d", errors="coerce")
    expected = parsed.to_numpy(dtype="datetime64[s]", copy=True)
    outside = ~np.isnat(expected) & ((expected < np.datetime64("1900-01-01")) |
                                     (expected > np.datetime64("2100-12-31")))
    expected[outside] = np.datetime64("NaT")
    problems = f.RowProblems(len(DATES))
    out = f.date(as_given(kind, DATES), len(DATES), "d", problems, required=True)
    assert out.dtype == np.dtype("datetime64[D]")
    assert out.tolist() == expected.astype("datetime64[D]").tolist()
    assert problems.rejected().tolist() == np.isnat(expected).tolist()


def test_impossible_dates_are_not_rolled_over():
    problems = f.RowProblems(3)
    out = f.date(pa.array(["2008-02-30", "2009-02-29", "2008-04-31"]), 3, "d", problems,
                 required=True)
    assert np.isnat(out).all()
    assert problems.reasons(np.array([0])) == [
        ["d: expected a date as YYYY-MM-DD, got '2008-02-30'"]]


def test_choice_lowercases_as_python_does():
    values = ["PUBLIC", "Restricted", "RESTRİCTED", "ß", ""]
    problems = f.RowProblems(len(values))
    out = f.choice(pa.array(values), len(values), "s", problems, ("public", "restricted"),
                   default="public")
    assert out.tolist() == ["public", "restricted", "restri̇cted", "ß", "public"]
    assert problems.rejected().tolist() == [False, False, True, True, False]


def test_reasons_take_values_from_arrow_or_numpy_and_none_for_no_value():
    problems = f.RowProblems(3)
    problems.flag(pa.array([True, None, False]), "a", "x", pa.array(["p", "q", "r"]))
    problems.flag(np.array([True, True, False]), "b", "y", arr("s", "", "u"))
    problems.flag(np.array([False, True, False]), "c", "z")
    assert problems.rejected().tolist() == [True, True, False]
    assert problems.reasons(np.array([0, 1])) == [
        ["a: expected x, got 'p'", "b: expected y, got 's'"],
        ["b: expected y, got an empty value", "c: expected z"]]


def test_absent_and_empty_columns():
    problems = f.RowProblems(2)
    assert f.stripped(None, 2).tolist() == ["", ""]
    assert np.isnan(f.number(None, 2, "n", problems, required=False)).all()
    assert np.isnat(f.date(None, 2, "d", problems, required=False)).all()
    assert not problems.rejected().any()
    assert len(f.number(pa.array([], type=pa.string()), 0, "n", problems, required=True)) == 0
