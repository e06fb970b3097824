"""PostgreSQL's COPY text read back into the values Piccolo stores on SQLite (the PostgreSQL -> SQLite move)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.ops.pgrows import _reader, _unescape


def test_copy_escapes_come_back_as_the_characters_they_stand_for():
    assert _unescape("plain 中文") == "plain 中文"
    assert _unescape("a\\tb\\nc\\\\d\\re") == "a\tb\nc\\d\re"
    assert _unescape("\\101\\x42") == "AB"
    assert _unescape("\\\\x0a") == "\\x0a"  # bytea's hex, escaped once more by COPY


def test_each_declared_type_reads_postgresqls_spelling():
    """By the SQLite file's declared types (Piccolo's names), so a file at an older archive's schema reads too."""
    assert _reader("BOOLEAN")("t") is True and _reader("BOOLEAN")("f") is False
    assert _reader("TIMESTAMPTZ")("2026-11-25 02:00:00.5+00") == datetime(2026, 11, 25, 2, 0, 0, 500000, tzinfo=UTC)
    assert _reader("DATE")("2026-11-25") == date(2026, 11, 25)
    assert _reader("INTEGER")("-42") == -42
    assert _reader("INTEGER")("7") == 7  # a foreign key to a numbered row
    assert _reader("BLOB")(_unescape("\\\\x00ff")) == b"\x00\xff"
    assert _reader("JSON")('{"a": 1}') == '{"a": 1}'
    assert _reader("VARCHAR(1)")("t") == "t"  # text stays text, whatever it spells
    assert _reader("UUID")("0193f0e2-7b1c-7000-8000-000000000001") == "0193f0e2-7b1c-7000-8000-000000000001"
