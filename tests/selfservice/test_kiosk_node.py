"""My page on a kiosk node with the office unreachable: what the node holds, when it last synced, requests queued."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from app.db.engine import use_database
from app.settings import Settings
from app.sync import node_state, outbox
from app.sync.tables import OutboxEvent
from tests.attendance.factories import make_scan
from tests.cast import make_department, make_employee, make_user, post_form
from tests.selfservice.helpers import activate_kiosk, open_my_page, ready_worker


@pytest.fixture
async def node(sqlite_template: Path, tmp_path: Path, monkeypatch):
    """A kiosk node: always its own SQLite file (DESIGN.md), whichever engine the office tests run on."""
    shutil.copy(sqlite_template, tmp_path / "node.sqlite3")
    database_url = f"sqlite:///{tmp_path / 'node.sqlite3'}"
    use_database(database_url)
    monkeypatch.setenv("FLOORHR_CAMERA", "none")
    monkeypatch.setenv("FLOORHR_SYNC", "off")  # the office does not answer: no agent runs
    from app.main import create_app

    settings = Settings.from_env(
        {
            "FLOORHR_DATABASE_URL": database_url,
            "FLOORHR_DATA_DIR": str(tmp_path / "node"),
            "FLOORHR_LANG": "zh_CN",
            "FLOORHR_ROLE": "kiosk",
        }
    )
    app = create_app(settings, connection_pool=False)
    try:
        async with AsyncTestClient(app=app, base_url="http://floorhr.test") as client:
            yield client, settings
    finally:
        outbox.configure("office")


async def test_on_a_kiosk_node_my_page_says_when_it_last_synced_and_queues_the_request(node):
    client, settings = node
    worker = await make_employee("W0001", "张伟", await make_department("装配A线", "LINEA"))
    await make_user("hr", "admin,hr")
    await node_state.write({"last_pull_at": "2026-11-25T01:30:00+00:00", "office_answers": "0"})
    payload = await ready_worker(worker, settings)
    await make_scan(worker, "2026-11-24 07:59", node="kiosk-7")
    await activate_kiosk(client)
    page = await open_my_page(client, payload)
    assert page.status_code == 200
    assert "上次与办公室同步" in page.text and "09:30" in page.text  # 01:30 UTC, shown in Shanghai time
    assert "办公室目前无法连接" in page.text
    assert "07:59" in page.text  # the punch this node holds
    response = await post_form(
        client, "/me/corrections", {"day": "2026-11-24", "time": "17:10", "direction": "out", "reason": "打卡机没反应"}
    )
    assert "已发送，等待办公室处理" in response.text
    assert [row["kind"] for row in await OutboxEvent.select(OutboxEvent.kind).run()] == ["worker_request"]
