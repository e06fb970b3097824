"""The demo plant: people and shifts (plant.py), then about three months of work up to today (floor.py,
pieces.py, training.py, leave.py, asks.py, appraisal.py, office.py), a worker mid-onboarding (onboarding.py), and
the accounts of a supervisor, a department head and a trainer (accounts.py), and of an office clerk (office.py).

Idempotent: running it again adds nothing that exists and prints the same logins.
"""

from __future__ import annotations

from pathlib import Path

from app.demo.accounts import DemoLogin, add_accounts
from app.demo.appraisal import add_appraisal
from app.demo.asks import add_worker_asks
from app.demo.floor import add_punches
from app.demo.leave import add_leave
from app.demo.office import add_office
from app.demo.onboarding import add_onboarding
from app.demo.pieces import add_pay_month, add_piecework
from app.demo.planning import add_planning
from app.demo.plant import load_plant
from app.demo.recruiting import add_recruiting
from app.demo.seal import sign_for_the_plant
from app.demo.training import add_training
from app.settings import load_or_create_secret
from app.timeutil import local_today

__all__ = ["DemoLogin", "load_demo"]


async def load_demo(
    data_dir: Path, zone, with_history: bool = True, secret: bytes | None = None
) -> tuple[list[DemoLogin], int]:
    """Load the demo plant; returns the logins (admin first) and how many employees were added.

    with_history=False leaves the floor empty (no punches, counts or pay): a plant on its first day.
    """
    admin, added = await load_plant(data_dir)
    logins = [admin, *await add_accounts(data_dir)]
    await sign_for_the_plant()
    if with_history:
        today = local_today(zone)
        await add_punches(today, zone)
        await add_piecework(today, zone)
        await add_pay_month(today, zone)
        await add_training(today, zone)
        await add_leave(today, zone)
        await add_planning(today)
        # Candidates' and newcomers' ID numbers are found again through a hash keyed by the installation's secret.
        secret = secret or load_or_create_secret(data_dir / "secret.key")
        await add_recruiting(today, zone, secret)
        await add_onboarding(today, zone, secret)
        await add_worker_asks(today, zone)
        await add_appraisal(today, zone)
        office = await add_office(data_dir, today, zone)
        logins += [office] if office else []
    return logins, added
