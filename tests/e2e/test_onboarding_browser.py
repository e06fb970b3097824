"""In a real browser: HR prints an invite slip, a new worker scans it at a kiosk and onboards, screen by screen.

The kiosk server reads ID cards from the block file a reader's vendor tool writes (FLOORHR_IDCARD_FILE); the test
places a synthetic card there. The server-measured duration of each step is printed at the end.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import datetime

import cv2
import numpy as np
import pytest
from playwright.sync_api import expect

from app.onboarding.idcard import build_text_block
from app.onboarding.induction import QUESTIONS
from kiosk.decode import decode
from tests.e2e.conftest import FLOORHR, LiveServer, free_port, sign_in, wait_for


@pytest.fixture(scope="module")
def onboarding_server(tmp_path_factory):
    """A server of its own, with the card reader's block file configured."""
    import os

    data_dir = tmp_path_factory.mktemp("onboarding-live")
    env = {
        **os.environ,
        "FLOORHR_DATA_DIR": str(data_dir),
        "FLOORHR_LANG": "zh_CN",
        "FLOORHR_IDCARD_FILE": str(data_dir / "wz.bin"),
    }
    env.pop("FLOORHR_DATABASE_URL", None)
    for command in (["migrate"], ["demo", "--no-history"]):
        subprocess.run([*FLOORHR, *command], env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    process = subprocess.Popen(
        [*FLOORHR, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/healthz", process)
        yield LiveServer(url, data_dir, env, (data_dir / "admin-password.txt").read_text().strip())
    finally:
        process.terminate()
        process.wait(timeout=10)


def _slip_payload(page) -> str:
    """Read the slip's QR as the kiosk's scanner would: from the picture."""
    png = page.locator(".code-box svg").screenshot()
    symbols = decode(cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR))
    assert symbols and symbols[0].text.startswith("FHRI."), symbols
    return symbols[0].text


def _sign(kiosk) -> None:
    pad = kiosk.locator("canvas.signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    kiosk.mouse.move(box["x"] + 40, box["y"] + 150)
    kiosk.mouse.down()
    for x, y in ((120, 60), (220, 170), (330, 70), (470, 160)):
        kiosk.mouse.move(box["x"] + x, box["y"] + y, steps=8)
    kiosk.mouse.up()


def _step_seconds(server: LiveServer) -> dict[str, float]:
    with sqlite3.connect(server.data_dir / "floorhr.sqlite3") as db:
        steps = json.loads(db.execute("SELECT steps FROM onboarding_flow").fetchone()[0])
    return {
        step: (datetime.fromisoformat(t["finished"]) - datetime.fromisoformat(t["started"])).total_seconds()
        for step, t in steps.items()
    }


def test_a_new_worker_onboards_at_the_kiosk_in_a_handful_of_screens(browser, onboarding_server):
    server = onboarding_server
    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    hr = office.new_page()
    hr.set_default_timeout(10_000)
    sign_in(hr, server)
    hr.goto(f"{server.url}/onboarding/invites/new")
    hr.fill("#candidate", "李秀英")
    hr.select_option("#department_id", label="装配车间")
    hr.fill("#workplace", "一号厂房")
    hr.click("button:has-text('生成入职邀请')")
    expect(hr.locator("#invite-slip")).to_contain_text("李秀英")
    payload = _slip_payload(hr)

    kiosk_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    kiosk = kiosk_context.new_page()
    kiosk.set_default_timeout(10_000)
    sign_in(kiosk, server)
    kiosk.goto(f"{server.url}/kiosks")
    kiosk.fill("#kiosk-name", "入职终端")
    kiosk.click("button:has-text('将此浏览器激活为考勤机')")
    taps, screens = 0, 1
    kiosk.click("text=自助入职")
    taps += 1
    kiosk.fill("#invite-text", payload)  # the scanner types the slip's code and Enter
    kiosk.press("#invite-text", "Enter")
    screens += 1
    expect(kiosk.locator("#onboarding-step")).to_have_attribute("data-screen", "identity")
    (server.data_dir / "wz.bin").write_bytes(
        build_text_block(
            name="李秀英", birth="19900307", id_number="110105199003070025", address="安徽省合肥市蜀山区1号"
        )
    )
    kiosk.click("button:has-text('读取身份证')")
    taps += 1
    screens += 1
    expect(kiosk.locator("#onboarding-step")).to_contain_text("110105********0025")
    kiosk.click("button:has-text('是，这是我本人')")
    taps += 1
    screens += 1
    kiosk.fill("#d-phone", "13900139000")
    kiosk.fill("#d-emergency_name", "李父")
    kiosk.fill("#d-emergency_phone", "13700137000")
    kiosk.fill("#d-bank_card", "6222020200112233446")
    kiosk.click("button:has-text('下一页')")
    taps += 1
    screens += 1
    expect(kiosk.locator("#onboarding-step .contract")).to_contain_text("乙方（劳动者）：李秀英")
    kiosk.check("input[name=consent]")
    taps += 1
    _sign(kiosk)
    taps += 1
    assert kiosk.locator("input[name=signature]").input_value().startswith("data:image/png;base64,")
    kiosk.click("button:has-text('签署合同')")
    taps += 1
    screens += 1
    kiosk.click("button:has-text('我已阅读，开始答题')")
    taps += 1
    screens += 1
    for text, choices, answer in QUESTIONS:
        kiosk.check(f"fieldset:has-text('{text}') label:has-text('{choices[answer]}') input")
        taps += 1
    kiosk.click("button:has-text('交卷')")
    taps += 1
    screens += 1
    expect(kiosk.locator("#onboarding-step")).to_contain_text("请到人事办公室领取工牌")
    expect(kiosk.locator("#onboarding-step")).to_contain_text("欢迎您，李秀英")
    kiosk_context.close()

    hr.goto(f"{server.url}/onboarding")
    expect(hr.locator("#onboarding-pipeline tr[data-state='done']")).to_contain_text("李秀英")
    link = hr.locator("a:has-text('合同 PDF')").get_attribute("href")
    contract = hr.request.get(f"{server.url}{link}")
    assert contract.ok and contract.body().startswith(b"%PDF")
    office.close()

    durations = _step_seconds(server)
    print(f"\nonboarding at the kiosk: {screens} screens, {taps} taps (+4 typed fields)")
    for step, seconds in durations.items():
        print(f"  {step:<9} {seconds:6.2f} s (server-measured)")
    print(f"  total     {sum(durations.values()):6.2f} s")
    assert set(durations) == {"identity", "details", "contract", "safety", "badge"}
    assert screens <= 15 and taps <= 15


def test_a_slip_scanned_again_after_a_break_asks_for_the_id_card_before_the_contract(browser, onboarding_server):
    """The worker stops at the contract; the slip scanned again shows only the name until the same card is read."""
    server = onboarding_server
    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    hr = office.new_page()
    sign_in(hr, server)
    hr.goto(f"{server.url}/onboarding/invites/new")
    hr.fill("#candidate", "王建国")
    hr.select_option("#department_id", label="装配车间")
    hr.fill("#workplace", "一号厂房")
    hr.click("button:has-text('生成入职邀请')")
    payload = _slip_payload(hr)
    office.close()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    kiosk = context.new_page()
    kiosk.set_default_timeout(10_000)
    sign_in(kiosk, server)
    kiosk.goto(f"{server.url}/kiosks")
    kiosk.fill("#kiosk-name", "入职终端二")
    kiosk.click("button:has-text('将此浏览器激活为考勤机')")
    card = build_text_block(
        name="王建国", sex="1", birth="19900307", id_number="110105199003070033", address="河南省郑州市金水区2号"
    )
    (server.data_dir / "wz.bin").write_bytes(card)
    kiosk.goto(f"{server.url}/kiosk/onboarding")
    kiosk.fill("#invite-text", payload)
    kiosk.press("#invite-text", "Enter")
    kiosk.click("button:has-text('读取身份证')")
    kiosk.click("button:has-text('是，这是我本人')")
    kiosk.fill("#d-phone", "13900139001")
    kiosk.fill("#d-emergency_name", "王父")
    kiosk.fill("#d-emergency_phone", "13700137001")
    kiosk.fill("#d-bank_card", "6222020200112233446")
    kiosk.click("button:has-text('下一页')")
    expect(kiosk.locator("#onboarding-step .contract")).to_contain_text("河南省郑州市金水区2号")

    kiosk.goto(f"{server.url}/kiosk/onboarding")  # a break: the kiosk back at its start, the slip scanned again
    kiosk.fill("#invite-text", payload)
    kiosk.press("#invite-text", "Enter")
    step = kiosk.locator("#onboarding-step")
    expect(step).to_have_attribute("data-screen", "resume")
    expect(step).to_contain_text("欢迎回来，王建国")
    expect(step).to_contain_text("下一步：签订劳动合同")
    assert "河南省" not in step.inner_text() and "13900139001" not in step.inner_text()
    for name, size in (("phone", (390, 844)), ("tablet", (820, 1180)), ("desktop", (1440, 900))):
        kiosk.set_viewport_size({"width": size[0], "height": size[1]})
        kiosk.screenshot(path=str(server.data_dir / f"onboarding-resume-{name}.png"), full_page=True)
    (server.data_dir / "wz.bin").write_bytes(card)  # the card on the reader again (a read takes it off)
    kiosk.click("button:has-text('读取身份证')")
    expect(step).to_have_attribute("data-screen", "contract")
    expect(kiosk.locator("#onboarding-step .contract")).to_contain_text("河南省郑州市金水区2号")
    context.close()


def _typed_with_pinyin(page, selector: str, pinyin: str, chinese: str) -> None:
    """What a pinyin input method does: compose the letters in the field, then commit the chosen characters."""
    page.focus(selector)
    cdp = page.context.new_cdp_session(page)
    for end in range(1, len(pinyin) + 1):
        cdp.send("Input.imeSetComposition", {"text": pinyin[:end], "selectionStart": end, "selectionEnd": end})
    cdp.send("Input.insertText", {"text": chinese})
    cdp.detach()


def test_without_a_card_reader_the_details_take_pinyin_input_and_an_idle_kiosk_closes(browser, onboarding_server):
    """No ID card on the reader: the number on the keypad, the address and contact typed with a pinyin input
    method; then the worker walks away and after two idle minutes the kiosk is back at clocking."""
    server = onboarding_server
    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    hr = office.new_page()
    sign_in(hr, server)
    hr.goto(f"{server.url}/onboarding/invites/new")
    hr.fill("#candidate", "赵敏")
    hr.select_option("#department_id", label="装配车间")
    hr.fill("#workplace", "一号厂房")
    hr.click("button:has-text('生成入职邀请')")
    payload = _slip_payload(hr)
    office.close()

    context = browser.new_context(locale="zh-CN", viewport={"width": 820, "height": 1180})
    kiosk = context.new_page()
    kiosk.set_default_timeout(10_000)
    kiosk.clock.install()  # the page's timers on a clock the test moves
    sign_in(kiosk, server)
    kiosk.goto(f"{server.url}/kiosks")
    kiosk.fill("#kiosk-name", "入职终端三")
    kiosk.click("button:has-text('将此浏览器激活为考勤机')")
    kiosk.goto(f"{server.url}/kiosk/onboarding")
    kiosk.fill("#invite-text", payload)
    kiosk.press("#invite-text", "Enter")
    kiosk.click("summary:has-text('没带身份证')")
    _typed_with_pinyin(kiosk, "#id-name", "zhaomin", "赵敏")
    kiosk.fill("#id-text", "110105199205110048")  # not a number an earlier test of this module onboarded
    kiosk.click("button:has-text('核对号码')")
    kiosk.click("button:has-text('是，这是我本人')")
    step = kiosk.locator("#onboarding-step")
    expect(step).to_contain_text("拼音输入")  # no reader: the screen says the kiosk needs a pinyin keyboard
    kiosk.fill("#d-phone", "13900139002")
    _typed_with_pinyin(kiosk, "#d-address", "suzhougongyeyuanqu", "苏州工业园区星湖街3号")
    _typed_with_pinyin(kiosk, "#d-emergency_name", "zhaofu", "赵父")
    kiosk.fill("#d-emergency_phone", "13700137002")
    kiosk.fill("#d-bank_card", "6222020200112233446")
    kiosk.click("button:has-text('下一页')")
    expect(kiosk.locator("#onboarding-step .contract")).to_contain_text("苏州工业园区星湖街3号")
    expect(kiosk.locator("#onboarding-step .contract")).to_contain_text("乙方（劳动者）：赵敏")

    kiosk.clock.run_for(60_000)  # a minute without a touch: still there
    expect(step).to_have_attribute("data-screen", "contract")
    kiosk.clock.run_for(61_000)  # two minutes: back to clocking, the contract off the screen
    kiosk.wait_for_url(f"{server.url}/kiosk")
    assert "苏州工业园区星湖街3号" not in kiosk.content()
    context.close()
