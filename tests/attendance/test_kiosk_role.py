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
    env = {**os.environ, "FLOORHR_DATABASE_URL": settings.database_url, "FLOORHR_DATA_DIR": str(settings.data_dir),
           "FLOORHR_ROLE": "kiosk", "FLOORHR_NODE_ID": "gate-1", "FLOORHR_LANG": "zh_CN"}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as browser:
            page = await browser.get("/kiosk")
            assert page.status_code == 200 and 'id="scan-text"' in page.text
            result = await browser.post("/kiosk/scan", data={"text": "NOT-A-CARD", "_csrf_token": browser.cookies["floorhr_csrf"]},
                                        headers={"HX-Request": "true", "HX-Target": "punch-result"})
            assert result.status_code == 200 and "未登记" in result.text
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert await Scan.select(Scan.node_id, Scan.node_seq, Scan.reason).run() == [
        {"node_id": "gate-1", "node_seq": 1, "reason": "unknown"}]
