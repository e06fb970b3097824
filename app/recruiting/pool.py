"""The talent pool: search candidates not hired (tags, skills, posts, source), and purge data past retention (PIPL)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine

from app.audit import service as audit
from app.db.tx import read_together, write_transaction
from app.recruiting import rules
from app.recruiting.candidates import SOURCES, TAGS, retention_months
from app.recruiting.tables import Application, Candidate, Scorecard, StageMove

PAGE = 50
RARE = 400  # a word in at most this many candidates is looked up in the trigram index, else found walking
_purged_on: date | None = None  # this process purged on this plant-local day already


@dataclass(frozen=True)
class Query:
    text: str = ""
    tag: str = ""
    source: str = ""
    minors: bool = True

    @classmethod
    def parse(cls, text: str = "", tag: str = "", source: str = "") -> Query:
        return cls(text.strip().lower()[:60], tag if tag in TAGS else "", source if source in SOURCES else "")


def _bare(text: str) -> str:
    """The word without LIKE's wildcards and escape: they are searched as nothing, on both engines."""
    return text.replace("\\", "").replace("%", "").replace("_", "")


def _like(text: str) -> str:
    return "%" + _bare(text) + "%"


async def _rare_word_ids(words: list[str]) -> list[int] | None:
    """On SQLite, the ids of every candidate holding the rarest word of 3 characters or more, from the FTS5
    trigram table (migration 2026-12-05T23:30); None when no word is rare or on PostgreSQL, whose planner
    chooses the pg_trgm index itself. Walking the last-activity index finds a page of a common word at once,
    but reads the whole pool for a rare one (a full name: 75-110 ms over 20,000 candidates), which this avoids."""
    if not isinstance(Candidate._meta.db, SQLiteEngine):
        return None
    found: list[int] | None = None
    for word in (_bare(word) for word in words):
        if len(word) < 3:
            continue
        phrase = '"' + word.replace('"', '""') + '"'  # a trigram phrase: the word as a substring, any case
        rows = await Candidate.raw(
            "SELECT rowid AS id FROM candidate_search WHERE candidate_search MATCH {} LIMIT {}", phrase, RARE + 1
        ).run()
        if len(rows) <= RARE and (found is None or len(rows) < len(found)):
            found = [row["id"] for row in rows]
    return found


async def search(query: Query, limit: int = PAGE) -> list[dict[str, Any]]:
    """Candidates matching every word (name, skills, posts, tags), latest activity first; those hired are not
    in the pool. do_not_rehire comes back for the page to show to HR only. The same answer on both engines:
    every word is matched by LIKE; a trigram index only narrows where to look."""
    if not isinstance(Candidate._meta.db, SQLiteEngine):
        return await _search(query, limit)  # one query, from the pool of connections
    async with read_together():  # the index's ids and the page on one connection, not one each
        return await _search(query, limit)


async def _search(query: Query, limit: int) -> list[dict[str, Any]]:
    words = query.text.split()[:5]
    narrowed = await _rare_word_ids(words)
    if narrowed == []:
        return []
    hired = Application.select(Application.candidate).where(Application.stage == rules.Stage.HIRED)
    select = Candidate.select(
        Candidate.id,
        Candidate.name,
        Candidate.id_masked,
        Candidate.source,
        Candidate.skills,
        Candidate.posts,
        Candidate.tags,
        Candidate.minor,
        Candidate.do_not_rehire,
        Candidate.consent,
        Candidate.last_activity,
    ).where(Candidate.id.not_in(hired))
    if narrowed is not None:
        select = select.where(Candidate.id.is_in(narrowed))
    for word in words:
        select = select.where(Candidate.search_text.like(_like(word)))
    if query.tag:
        select = select.where(Candidate.search_text.like(_like(query.tag)))
    if query.source:
        select = select.where(Candidate.source == query.source)
    # Newest first, walking the last_activity index backwards (id descending too, so no sort step is needed).
    rows = await select.order_by(Candidate.last_activity, Candidate.id, ascending=False).limit(limit).run()
    for row in rows:
        row["tags"] = json.loads(row["tags"]) if isinstance(row["tags"], str) else (row["tags"] or [])
    return rows


async def purge(today: date, actor: audit.Actor) -> int:
    """Delete candidates not hired whose retention ended (rules.retention_until from the plant's setting and
    their consent), with their applications, moves and scorecards. Returns how many went."""
    months = await retention_months()
    hired = {
        row["candidate"]
        for row in await Application.select(Application.candidate).where(Application.stage == rules.Stage.HIRED).run()
    }
    rows = (
        await Candidate.select(Candidate.id, Candidate.last_activity, Candidate.consent)
        .where(
            Candidate.last_activity < today - timedelta(days=27)  # nobody goes sooner than a month
        )
        .run()
    )
    gone = [
        row["id"]
        for row in rows
        if rules.past_retention(row["last_activity"], months, row["consent"], today, row["id"] in hired)
    ]
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        async with write_transaction():
            applications = Application.select(Application.id).where(Application.candidate.is_in(chunk))
            await StageMove.delete().where(StageMove.application.is_in(applications)).run()
            await Scorecard.delete().where(Scorecard.application.is_in(applications)).run()
            await Application.delete().where(Application.candidate.is_in(chunk)).run()
            await Candidate.delete().where(Candidate.id.is_in(chunk)).run()
            await audit.record(actor, "candidate.purge", "candidate", len(chunk), after={"ids": chunk})
    return len(gone)


async def purge_daily(today: date, actor: audit.Actor) -> int:
    """The purge, at most once a plant-local day in this process (the candidates page calls it as it opens,
    as onboarding purges abandoned flows; `floorhr recruiting purge` does the same from cron)."""
    global _purged_on
    if _purged_on == today:
        return 0
    _purged_on = today
    return await purge(today, actor)
