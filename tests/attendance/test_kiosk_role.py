"""On a kiosk node (FLOORHR_ROLE=kiosk) the kiosk page needs no activation from the node's own browser."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx

from app.attendance.tables import Scan
from tests.e2e.conftest import free_port, wait_for


async def test_the_kiosk_node_s_own_browser_scans_without_activation(settings, cast):
    port = free_port()
    env = {
        **os.environ,
        "FLOORHR_DATABASE_URL": settings.database_url,
        "FLOORHR_DATA_DIR": str(settings.data_dir),
        "FLOORHR_ROLE": "kiosk",
        "FLOORHR_NODE_ID": "gate-1",
        "FLOORHR_LANG": "zh_CN",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as browser:
            page = await browser.get("/kiosk")
            assert page.status_code == 200 and 'id="scan-text"' in page.text
            result = await browser.post(
                "/kiosk/scan",
                data={"text": "NOT-A-CARD", "_csrf_token": browser.cookies["floorhr_csrf"]},
                headers={"HX-Request": "true", "HX-Target": "punch-result"},
            )
            assert result.status_code == 200 and "未登记" in result.text
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert await Scan.select(Scan.node_id, Scan.node_seq, Scan.reason).run() == [
        {"node_id": "gate-1", "node_seq": 1, "reason": "unknown"}
    ]


async def test_a_kiosk_node_s_camera_scans_show_on_its_page(settings, cast, tmp_path):
    """`floorhr serve` on a kiosk node runs the camera loop too: a badge held up to it appears on the page."""
    import asyncio

    from app.audit.service import SYSTEM
    from app.badges import service as badges
    from tests.kiosk.test_scanner import _video, badge_frame, seconds_of

    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    camera = tmp_path / "camera.avi"
    _video(camera, seconds_of(badge_frame(payload), 1))
    port = free_port()
    env = {
        **os.environ,
        "FLOORHR_DATABASE_URL": settings.database_url,
        "FLOORHR_DATA_DIR": str(settings.data_dir),
        "FLOORHR_ROLE": "kiosk",
        "FLOORHR_NODE_ID": "gate-2",
        "FLOORHR_CAMERA": str(camera),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as browser:
            for _ in range(100):  # the page polls once a second; the video is read as fast as it decodes
                shown = await browser.get("/kiosk/result", params={"after": 0})
                if shown.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            assert shown.status_code == 200 and "张伟" in shown.text and "上班打卡" in shown.text
        rows = await Scan.select(Scan.source, Scan.node_id, Scan.outcome).run()
        assert rows == [{"source": "camera", "node_id": "gate-2", "outcome": "punch"}]
    finally:
        server.terminate()
        server.wait(timeout=10)
