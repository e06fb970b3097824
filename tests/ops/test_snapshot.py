"""The SQLite snapshot: one moment of the live file while writers go on, read in place or copied."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading

import pytest

from app.ops import database as db
from app.ops.archive import Part


def _live(path):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=10")  # checkpoints all the time, to try the snapshot's claim
    connection.execute("CREATE TABLE scan (id INTEGER PRIMARY KEY, payload TEXT)")
    connection.executemany("INSERT INTO scan (payload) VALUES (?)", [("x" * 200,)] * 5000)
    connection.commit()
    connection.close()


def _read(part: Part, into) -> dict[str, int]:
    """The part's bytes as a database of their own: intact, and its rows counted."""
    target = into / "read.sqlite3"
    if part.fd is None:
        target.write_bytes(part.path.read_bytes())
    else:
        target.write_bytes(os.pread(part.fd, part.size, 0))
    assert _intact(target)
    return db.sqlite_state_of(target)[0]


def _intact(path) -> bool:
    """Read after the transaction ended, the same file is torn ("malformed"): this is what catches a lost moment."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


@pytest.mark.parametrize("in_place", [True, False], ids=["file-in-place", "backup-api-copy"])
def test_the_snapshot_is_one_moment_while_a_writer_goes_on_and_checkpoints(tmp_path, monkeypatch, in_place):
    path = tmp_path / "live.sqlite3"
    _live(path)
    if not in_place:
        monkeypatch.setattr(db, "_wal_folded", lambda path: False)
    stop, written, between_commits = threading.Event(), [], threading.Lock()

    def writer():
        connection = sqlite3.connect(path, timeout=30)
        connection.execute("PRAGMA wal_autocheckpoint=10")
        while not stop.is_set():
            with between_commits:
                connection.execute("INSERT INTO scan (payload) VALUES (?)", ("y" * 500,))
                connection.commit()
            written.append(1)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 50:  # the writer is under way before the moment is taken
            stop.wait(0.01)
        with contextlib.ExitStack() as held:
            # The moment is taken between two commits: a commit landing inside the snapshot's few statements
            # rightly sends it to the copy, which would make the in-place case a race rather than a test.
            with between_commits:
                snapshot = held.enter_context(db.sqlite_snapshot(f"sqlite:///{path}", tmp_path))
            assert (snapshot.part.fd is not None) == in_place
            seen = len(written)
            while len(written) < seen + 300:  # a few hundred commits and many checkpoints during the read
                stop.wait(0.01)
            copied = _read(snapshot.part, tmp_path)
    finally:
        stop.set()
        thread.join()
    assert copied == snapshot.counts
    assert 5050 <= snapshot.counts["scan"] < 5000 + len(written)
