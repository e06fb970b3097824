"""The talent pool search gives the same answer on SQLite (FTS5 trigram table) and PostgreSQL (pg_trgm), for rare
words looked up in the index and common words found by walking, and the index follows every write."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app.audit.service import Actor
from app.recruiting import candidates, pool
from app.recruiting.tables import Candidate
from app.timeutil import utcnow
from tests.conftest import TEST_NOW

TODAY = TEST_NOW.date()
HR = Actor(name="hr", user_id=None)
# name, skills, posts, tags, days since the last activity
POOL = [
    ("王伟强", "焊接 氩弧焊", "焊工", ["potential"], 1),
    ("李强", "叉车", "叉车司机", [], 2),
    ("王芳", "焊接", "焊工", ["urgent"], 3),
    ("赵明超", "数控", "数控操作工", ["potential", "urgent"], 4),
    ("王伟", "装配", "装配工", [], 5),
    ("Zhang Wei", "welding", "焊工", [], 6),
]


@pytest.fixture
async def pool_rows(cast):
    now = utcnow()
    rows = [
        Candidate(
            name=name,
            phone=f"1390000{index:04d}",
            id_hash=f"{index:064d}",
            skills=skills,
            posts=posts,
            tags=json.dumps(tags),
            consent=True,
            search_text=candidates.search_text(name, skills, posts, tags),
            last_activity=TODAY - timedelta(days=days),
            created_at=now,
        )
        for index, (name, skills, posts, tags, days) in enumerate(POOL)
    ]
    await Candidate.insert(*rows).run()
    return {row["name"]: row["id"] for row in await Candidate.select(Candidate.id, Candidate.name).run()}


async def names(text: str = "", tag: str = "") -> list[str]:
    return [row["name"] for row in await pool.search(pool.Query.parse(text, tag))]


# text, tag, the names found
CASES = [
    ("", "", ["王伟强", "李强", "王芳", "赵明超", "王伟", "Zhang Wei"]),  # newest activity first
    ("王", "", ["王伟强", "王芳", "王伟"]),  # one character: no trigram
    ("王伟", "", ["王伟强", "王伟"]),
    ("王伟强", "", ["王伟强"]),  # a full name: a rare word, from the trigram index
    ("焊工", "", ["王伟强", "王芳", "Zhang Wei"]),
    ("氩弧焊", "", ["王伟强"]),
    ("数控操作工", "urgent", ["赵明超"]),
    ("焊接 王芳", "", ["王芳"]),  # every word must match
    ("ZHANG wei", "", ["Zhang Wei"]),  # case does not matter
    ("weld", "", ["Zhang Wei"]),
    ("", "potential", ["王伟强", "赵明超"]),
    ("不存在的人", "", []),
    ("王伟_强", "", ["王伟强"]),
    ("%_\\", "", ["王伟强", "李强", "王芳", "赵明超", "王伟", "Zhang Wei"]),  # LIKE's wildcards are ignored
]


@pytest.mark.parametrize("rare", [400, 1])  # 1: every word of 3+ characters is "common", found walking
async def test_the_search_finds_the_same_candidates_on_both_engines(pool_rows, monkeypatch, rare):
    monkeypatch.setattr(pool, "RARE", rare)
    for text, tag, expected in CASES:
        assert await names(text, tag) == expected, (text, tag)


async def test_the_index_follows_a_changed_record_and_a_purged_one(pool_rows):
    await candidates.set_pool(pool_rows["李强"], {"skills": "模具钳工", "consent": "1"}, None, HR)
    assert await names("模具钳工") == ["李强"]
    assert await names("叉车司机") == []  # the old posts went with the edit
    await Candidate.delete().where(Candidate.id == pool_rows["王伟强"]).run()
    assert await names("王伟强") == []
    assert await names("王伟") == ["王伟"]
