"""PostgreSQL's COPY text read back into the values Piccolo stores on SQLite (the PostgreSQL -> SQLite move)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from piccolo.columns import JSON, Boolean, Bytea, Date, ForeignKey, Integer, Timestamptz, Varchar

from app.ops.pgrows import _reader, _unescape
from app.people.tables import Employee


def test_copy_escapes_come_back_as_the_characters_they_stand_for():
    assert _unescape("plain 中文") == "plain 中文"
    assert _unescape("a\\tb\\nc\\\\d\\re") == "a\tb\nc\\d\re"
    assert _unescape("\\101\\x42") == "AB"
    assert _unescape("\\\\x0a") == "\\x0a"  # bytea's hex, escaped once more by COPY


def test_each_column_type_reads_postgresqls_spelling():
    assert _reader(Boolean())("t") is True and _reader(Boolean())("f") is False
    assert _reader(Timestamptz())("2026-11-25 02:00:00.5+00") == datetime(2026, 11, 25, 2, 0, 0, 500000, tzinfo=UTC)
    assert _reader(Date())("2026-11-25") == date(2026, 11, 25)
    assert _reader(Integer())("-42") == -42
    assert _reader(ForeignKey(Employee))("7") == 7
    assert _reader(Bytea())(_unescape("\\\\x00ff")) == b"\x00\xff"
    assert _reader(JSON())('{"a": 1}') == '{"a": 1}'
    assert _reader(Varchar())("t") == "t"
