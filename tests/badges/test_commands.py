"""The command line: print and revoke badges, record scans as a kiosk does, export punches."""

from __future__ import annotations

import os
import subprocess
import sys

import cv2
from pyzbar.pyzbar import ZBarSymbol, decode

from app.attendance.tables import Scan
from app.badges.rules import sign_badge
from app.badges.tables import Credential


def floorhr(settings, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "FLOORHR_DATABASE_URL": settings.database_url,
        "FLOORHR_DATA_DIR": str(settings.data_dir),
        "FLOORHR_LANG": "zh_CN",
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


async def test_badge_prints_the_payload_last_and_writes_a_png_that_decodes_to_it(settings, cast, tmp_path):
    png = tmp_path / "w0001.png"
    done = floorhr(settings, "badge", "w0001", "--png", str(png))
    assert done.returncode == 0, done.stderr
    payload = done.stdout.splitlines()[-1]
    assert payload == sign_badge(settings.secret_key, "W0001", 1)
    symbols = decode(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE), symbols=[ZBarSymbol.QRCODE])
    assert [symbol.data.decode() for symbol in symbols] == [payload]
    assert floorhr(settings, "badge", "W0001").stdout.splitlines()[-1] == payload  # shown again, not reissued
    assert await Credential.count().run() == 1


async def test_scan_records_like_a_kiosk_and_says_what_happened(settings, cast):
    payload = floorhr(settings, "badge", "W0001").stdout.splitlines()[-1]
    clock_in = floorhr(settings, "scan", payload, "--at", "2026-11-23T07:58:00")
    assert clock_in.returncode == 0 and clock_in.stdout.strip() == "clock-in W0001 2026-11-23T07:58:00+08:00"
    again = floorhr(settings, "scan", payload, "--at", "2026-11-23T07:58:30+08:00")
    assert again.stdout.strip() == "duplicate W0001 2026-11-23T07:58:30+08:00"
    clock_out = floorhr(settings, "scan", payload, "--at", "2026-11-23T09:02:00Z")
    assert clock_out.stdout.strip() == "clock-out W0001 2026-11-23T17:02:00+08:00"
    rows = await Scan.select(Scan.source, Scan.outcome).order_by(Scan.node_seq).run()
    assert [(r["source"], r["outcome"]) for r in rows] == [("cli", "punch"), ("cli", "duplicate"), ("cli", "punch")]


async def test_a_revoked_badge_is_refused_on_the_command_line_with_a_non_zero_exit(settings, cast):
    payload = floorhr(settings, "badge", "W0001").stdout.splitlines()[-1]
    assert floorhr(settings, "badge", "revoke", "W0001").returncode == 0
    refused = floorhr(settings, "scan", payload)
    assert refused.returncode != 0 and refused.stdout.strip() == "refused revoked"
    garbage = floorhr(settings, "scan", "1=1; DROP TABLE scan")
    assert garbage.returncode != 0 and garbage.stdout.strip() == "refused unknown"
    assert floorhr(settings, "badge", "NOBODY").returncode != 0


async def test_export_punches_writes_csv_with_a_bom_and_a_header(settings, cast):
    payload = floorhr(settings, "badge", "W0001").stdout.splitlines()[-1]
    floorhr(settings, "scan", payload, "--at", "2026-11-23T07:58:00")
    floorhr(settings, "scan", "garbage-card", "--at", "2026-11-23T07:59:00")
    floorhr(settings, "scan", payload, "--at", "2026-11-24T07:58:00")
    done = floorhr(settings, "export", "punches", "--from", "2026-11-23", "--to", "2026-11-23")
    lines = done.stdout.splitlines()
    assert lines[0] == "\ufeffscan_id,employee_code,name,department,time,direction,node,node_seq,source"
    assert len(lines) == 2 and ",W0001,张伟,装配A线,2026-11-23T07:58:00+08:00,in,office,1,cli" in lines[1]
