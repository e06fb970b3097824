"""The talent pool's search index: a trigram index over candidate.search_text on each engine.

PostgreSQL: pg_trgm's GIN index, which the planner uses for LIKE '%word%' when the word is rare (the extension is
created where the server has it; without it the search still works, by a scan). SQLite: an FTS5 trigram table over the
same column (external content, kept up to date by triggers, so every write path stays in step), which
app.recruiting.pool asks for the ids of a rare word. Words under 3 characters have no trigram: they are searched
by walking the last-activity index, where a common word finds its page of results at once.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-05T23:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "trigram search index over candidate.search_text"

SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS candidate_search USING fts5("
    "search_text, content='candidate', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS candidate_search_insert AFTER INSERT ON candidate BEGIN "
    "INSERT INTO candidate_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS candidate_search_delete AFTER DELETE ON candidate BEGIN "
    "INSERT INTO candidate_search(candidate_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS candidate_search_update AFTER UPDATE OF search_text ON candidate BEGIN "
    "INSERT INTO candidate_search(candidate_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO candidate_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO candidate_search(candidate_search) VALUES ('rebuild')",
)
POSTGRES_INDEX = (
    "CREATE INDEX IF NOT EXISTS candidate_search_text_trgm ON candidate USING gin (search_text gin_trgm_ops)"
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="recruiting", description=DESCRIPTION)

    async def create_index():
        engine = engine_finder()
        if isinstance(engine, SQLiteEngine):
            for statement in SQLITE:
                await engine.run_ddl(statement)
            return
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        if not await engine.run_ddl("SELECT 1 AS ok FROM pg_available_extensions WHERE name = 'pg_trgm'"):
            return  # a server without the contrib package: the search works by a scan
        await engine.run_ddl("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        await engine.run_ddl(POSTGRES_INDEX)

    manager.add_raw(create_index)
    return manager
