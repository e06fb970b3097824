"""Linking a phone at a kiosk node: the node signs a one-time code, the QR points at the office, the office checks it."""

from __future__ import annotations

import re
from datetime import timedelta

from app.badges.tables import Credential
from app.selfservice import node_links
from app.sync import node_state
from app.timeutil import utcnow
from tests.cast import make_department, make_employee, make_user, post_form
from tests.selfservice.helpers import activate_kiosk, open_my_page, ready_worker
from tests.selfservice.test_kiosk_node import node  # noqa: F401 (the node fixture)
from tests.selfservice.test_phones import a_phone, link


async def _code(cast, settings, minutes: int = 5) -> str:
    await ready_worker(cast.worker, settings)
    credential = await Credential.select(Credential.id).where(Credential.employee == cast.worker).first().run()
    return node_links.make(settings.secret_key, "W0001", credential["id"], utcnow(), minutes)


async def test_the_office_links_a_phone_with_a_nodes_code_once(app, cast, settings):
    code = await _code(cast, settings)
    async with a_phone(app) as phone:
        assert "张伟" in (await phone.get(f"/phone/link/{code}")).text
        wrong = await post_form(phone, f"/phone/link/{code}", {"pin": "0000"})
        assert wrong.status_code == 422  # a wrong PIN does not spend the code
        response = await link(phone, code)
        assert response.status_code == 200 and "张伟" in response.text
        assert (await phone.get("/me")).status_code == 200
    async with a_phone(app) as thief:
        assert (await thief.get(f"/phone/link/{code}")).status_code == 404


async def test_a_forged_or_expired_node_code_is_not_found(app, cast, settings, clock):
    code = await _code(cast, settings)
    forged = node_links.make(b"not the installation secret at all 1234", "W0001", None, utcnow(), 5)
    body = code.split(".")
    other = node_links._b64(node_links._unb64(body[1]).replace(b"W0001", b"S0001"))
    async with a_phone(app) as phone:
        assert (await phone.get(f"/phone/link/{forged}")).status_code == 404
        assert (await phone.get(f"/phone/link/n1.{other}.{body[2]}")).status_code == 404  # another worker's code
        assert (await phone.get("/phone/link/n1.garbage")).status_code == 404
        clock.move_to(utcnow() + timedelta(minutes=6))
        assert (await phone.get(f"/phone/link/{code}")).status_code == 404


async def test_a_kiosk_nodes_qr_points_at_the_office(node):  # noqa: F811
    client, settings = node
    worker = await make_employee("W0001", "张伟", await make_department("装配A线", "LINEA"))
    await make_user("hr", "admin,hr")
    await node_state.write({"office_url": "https://office.plant:8443", "office_answers": "0"})
    payload = await ready_worker(worker, settings)
    await activate_kiosk(client)
    await open_my_page(client, payload)
    assert "工资条只保存在办公室" in (await client.get("/me")).text  # why no payslip shows here
    response = await post_form(client, "/phone/new", {})
    assert response.status_code == 200 and "<svg" in response.text
    code = re.search(r"https://office\.plant:8443/phone/link/(n1\.[\w.-]+)", response.text).group(1)
    link_ = node_links.read(settings.secret_key, code, utcnow())
    assert link_ is not None and link_.employee_code == "W0001" and link_.credential_id is not None
