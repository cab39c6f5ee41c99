"""CSV reading: record numbers, BOM, CRLF, quoted line breaks, malformed records."""

import json

import pytest

from queries.errors import ImportFileError
from queries.importing import reader
from queries.importing.reader import CsvFile, MalformedRecords, find_header

REQUIRED = ("id", "lat")
KNOWN = ("id", "lat", "name")


def write(tmp_path, text: str, encoding="utf-8", name="f.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read_all(path, careful=False, chunk_rows=2):
    f = CsvFile(path)
    header = find_header(f.first_records(), path, REQUIRED, KNOWN)
    return header, list(f.chunks(header, chunk_rows=chunk_rows, careful=careful))


@pytest.mark.parametrize("careful", [False, True])
def test_row_numbers_count_records_with_header_as_one(tmp_path, careful):
    path = write(tmp_path, '\ufeffid,lat,name\r\n1,2.5,"two\nlines"\r\n2,3,x\r\n3,4,y\r\n')
    _, chunks = read_all(path, careful=careful)
    rows = [int(r) for c in chunks for r in c.row_numbers]
    assert rows == [2, 3, 4]
    names = [v for c in chunks for v in c.column("name")]
    assert names == ["two\nlines", "x", "y"]


def test_fast_path_refuses_a_malformed_record(tmp_path):
    path = write(tmp_path, "id,lat,name\n1,2,a\n2,3\n3,4,c\n")
    with pytest.raises(MalformedRecords):
        read_all(path)


def test_careful_path_reports_malformed_records_with_their_number(tmp_path):
    path = write(tmp_path, "id,lat,name\n1,2,a\n2,3\n\n3,4,c\n")
    _, chunks = read_all(path, careful=True, chunk_rows=100)
    (chunk,) = chunks
    assert [int(r) for r in chunk.row_numbers] == [2, 5]
    assert [(n, why) for n, _, why in chunk.malformed] == [
        (3, "expected 3 fields, found 2"), (4, "blank line")]
    assert json.loads(chunk.malformed[0][1]) == {"record": "2,3"}


def test_header_names_ignored_columns_and_any_order(tmp_path):
    path = write(tmp_path, "extra,lat,id\nz,1,7\n")
    header, chunks = read_all(path)
    assert header.names == (None, "lat", "id")
    assert "extra" in header.notes[0]
    assert list(chunks[0].column("id")) == ["7"]


def test_missing_required_column_names_it(tmp_path):
    path = write(tmp_path, "id,name\n1,a\n")
    with pytest.raises(ImportFileError, match=r"required column missing: lat"):
        read_all(path)


def test_headerless_file_uses_the_standard_order(tmp_path):
    path = write(tmp_path, "5,1.5,x\n6,2.5,y\n")
    f = CsvFile(path)
    header = find_header(f.first_records(), path, REQUIRED, KNOWN, headerless=KNOWN)
    assert header.data_start == 0
    (chunk,) = list(f.chunks(header))
    assert list(chunk.column("lat")) == ["1.5", "2.5"]
    assert [int(r) for r in chunk.row_numbers] == [1, 2]


def test_raw_records_are_json_keyed_by_file_column_names(tmp_path):
    path = write(tmp_path, "id,lat,name\n1,2,é\n")
    _, (chunk,) = read_all(path)
    assert json.loads(chunk.raw_records([0])[0]) == {"id": "1", "lat": "2", "name": "é"}


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"", "the file is empty"),
    (b"id,lat\n1,\xff\xfe\n", "not UTF-8"),
])
def test_unreadable_files_get_one_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        f = CsvFile(path)
        header = find_header(f.first_records(), path, REQUIRED, KNOWN)
        list(f.chunks(header))


def test_text_gives_the_column_as_arrow_strings(tmp_path):
    path = write(tmp_path, "id,lat,name\n1, 2 ,a\n2,3,\n3,4,c\n")
    _, chunks = read_all(path, chunk_rows=2)
    assert [c.text("lat").to_pylist() for c in chunks] == [[" 2 ", "3"], ["4"]]
    assert chunks[0].text("name").to_pylist() == list(chunks[0].column("name"))
    assert chunks[0].text("missing") is None


@pytest.mark.parametrize("long_at", [0, 150, 299])
def test_a_record_longer_than_a_block_is_read_on_the_fast_path(tmp_path, monkeypatch, long_at):
    monkeypatch.setattr(reader, "_BLOCK_BYTES", 1024)
    names = [f"n{i}" if i != long_at else "x" * 5000 + '"quoted\nline"' for i in range(300)]
    lines = ["id,lat,name"] + [f'{i},{i / 10},"{name.replace(chr(34), chr(34) * 2)}"'
                               for i, name in enumerate(names)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    _, chunks = read_all(path, chunk_rows=64)
    assert [int(r) for c in chunks for r in c.row_numbers] == list(range(2, 302))
    assert [v for c in chunks for v in c.column("name")] == names
    assert [v for c in chunks for v in c.column("id")] == [str(i) for i in range(300)]


def test_a_malformed_record_after_a_long_one_still_goes_to_the_careful_path(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setattr(reader, "_BLOCK_BYTES", 1024)
    lines = ["id,lat,name"] + [f"{i},1,n" for i in range(100)] + ["100,1," + "x" * 3000] + \
        ["101,1"] + [f"{i},1,n" for i in range(102, 200)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(MalformedRecords):
        read_all(path, chunk_rows=64)
    header, chunks = read_all(path, careful=True, chunk_rows=1000)
    assert [m[0] for c in chunks for m in c.malformed] == [103]
