"""The optional group-robot webhook: each overdue request announced once, nothing without a URL or on failure."""

from __future__ import annotations

from datetime import timedelta

from app.approvals import webhook
from app.audit.service import SYSTEM
from app.payroll import questions
from app.timeutil import utcnow
from tests.cast import post_form, sign_in
from tests.selfservice.helpers import locked_payslip


class Robot:
    def __init__(self, answers: bool = True):
        self.posts, self.answers = [], answers

    async def __call__(self, address: str, payload: dict) -> bool:
        self.posts.append((address, payload))
        return self.answers


async def test_overdue_requests_are_posted_once_in_chinese(cast, clock):
    await locked_payslip(cast.worker)
    await questions.raise_question(cast.worker, "2026-10", "net", "实发不对")
    robot = Robot()
    assert await webhook.remind(post=robot) == 0 and robot.posts == []  # no URL: nothing is sent
    await webhook.save_url("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", SYSTEM)
    assert await webhook.remind(post=robot) == 0  # not overdue yet
    clock.move_to(utcnow() + timedelta(hours=25))
    failing = Robot(answers=False)
    assert await webhook.remind(post=failing) == 0 and len(failing.posts) == 1  # the robot did not answer
    assert await webhook.remind(post=robot) == 1
    address, payload = robot.posts[0]
    assert address.endswith("key=abc") and payload["msgtype"] == "text"
    assert "逾期" in payload["text"]["content"] and "实发不对" in payload["text"]["content"]
    assert await webhook.remind(post=robot) == 0 and len(robot.posts) == 1  # announced once


async def test_hr_sets_the_robot_url_on_the_approvals_page_and_a_bad_one_is_refused(client, cast):
    await sign_in(client, "hr")
    await client.get("/approvals")
    bad = await post_form(
        client, "/approvals/settings", {"hr_above_days": "3", "overdue_hours": "24", "webhook_url": "javascript:x"}
    )
    assert bad.status_code == 422 and await webhook.url() == ""
    good = "https://oapi.dingtalk.com/robot/send?access_token=t"
    await post_form(client, "/approvals/settings", {"hr_above_days": "3", "overdue_hours": "24", "webhook_url": good})
    assert await webhook.url() == good
    assert good in (await client.get("/approvals")).text
