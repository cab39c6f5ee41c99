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
