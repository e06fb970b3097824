"""The office menu as HR thinks of it: at most eight groups, each a sub-menu of pages, shown to the roles that
may open them. A capability adds its page here (one line), not in the layout template."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_

HR = ("hr",)


@dataclass(frozen=True)
class Item:
    label: str  # msgid
    href: str
    roles: tuple[str, ...] = HR  # any of these (admins see everything)
    also: tuple[str, ...] = ()  # other path prefixes that belong to this item
    linked: bool = False  # shown to anyone whose account is linked to an employee, whatever their roles

    def shown_to(self, user) -> bool:
        if user is None:
            return False
        if self.linked:
            return user.employee_id is not None
        return user.has_any(*self.roles)

    def matches(self, path: str) -> bool:
        base = self.href.split("?")[0]
        if base == "/":
            return path == "/"
        return path == base or path.startswith(base.rstrip("/") + "/") or path.startswith(self.also)


@dataclass(frozen=True)
class Group:
    label: str
    items: tuple[Item, ...]


MENU = (
    Group(
        N_("Home"),
        (
            Item(N_("To do"), "/", ("hr", "dept_head")),
            Item(N_("Approvals"), "/approvals", ("hr", "supervisor", "dept_head")),
        ),
    ),
    Group(
        N_("People"),
        (
            Item(N_("People"), "/people", ("hr", "supervisor", "dept_head", "trainer")),
            Item(N_("Departments"), "/departments", ("hr", "supervisor", "dept_head", "trainer")),
            Item(N_("Positions"), "/positions", ("hr", "supervisor", "dept_head", "trainer")),
            Item(N_("Organisation"), "/org", ("hr", "supervisor", "dept_head", "trainer")),
            Item(N_("Duties"), "/duties", ("hr", "supervisor", "dept_head", "trainer")),
            Item(N_("Badges"), "/badges", ("hr", "supervisor", "dept_head", "trainer")),
            Item(N_("Self-service onboarding"), "/onboarding"),
            Item(N_("Requisitions"), "/recruiting", ("hr", "dept_head"), ("/recruiting/applications",)),
            Item(N_("Candidates"), "/recruiting/candidates", HR, ("/recruiting/import",)),
        ),
    ),
    Group(
        N_("Attendance"),
        (
            Item(N_("Today"), "/attendance/today"),
            Item(N_("Days"), "/attendance/days"),
            Item(N_("Exceptions"), "/attendance/exceptions"),
            Item(N_("Overtime"), "/attendance/overtime"),
            Item(N_("Leave"), "/leave", ("hr", "supervisor", "dept_head")),
            Item(N_("Leave balances"), "/leave/balances"),
            Item(N_("Punch corrections"), "/attendance/corrections", ("hr", "supervisor")),
            Item(N_("Bulk punch entry"), "/attendance/manual", ("hr", "supervisor")),
            Item(N_("Scans"), "/attendance/scans", ("hr", "supervisor", "dept_head", "trainer")),
            Item(N_("Shifts"), "/attendance/shifts"),
            Item(N_("Weekly patterns"), "/attendance/patterns"),
            Item(N_("One-day changes"), "/attendance/overrides"),
            Item(N_("Calendar"), "/attendance/calendar"),
            Item(N_("Leave types"), "/leave/types"),
            Item(N_("Opening balances"), "/leave/opening"),
            Item(N_("Roster planner"), "/planning", ("hr", "dept_head")),
            Item(N_("Kiosks"), "/kiosks", ("admin",)),
        ),
    ),
    Group(
        N_("Pieces and pay"),
        (
            Item(N_("Work orders"), "/pieces/orders"),
            Item(N_("Grade factors"), "/pieces/grades"),
            Item(N_("Piece reports"), "/pieces/reports"),
            Item(N_("Confirm counts"), "/pieces/confirm", ("hr", "supervisor")),
            Item(N_("Payroll"), "/payroll"),
            Item(N_("Social insurance schemes"), "/contributions"),
            Item(N_("Net pay and tax"), "/netpay", HR, ("/tax",)),
        ),
    ),
    Group(N_("Training"), (Item(N_("Training"), "/training", ("hr", "dept_head", "trainer")),)),
    Group(
        N_("Performance"),
        (
            Item(N_("Appraisal"), "/appraisal", ("hr", "supervisor", "dept_head")),
            Item(N_("Appraisal results"), "/appraisal/results", ("hr", "dept_head")),
            Item(N_("My appraisal"), "/appraisal/mine", (), linked=True),
        ),
    ),
    Group(N_("Reports"), (Item(N_("Dashboard"), "/reports"),)),
    Group(
        N_("Settings"),
        (
            Item(N_("Plant"), "/plant"),
            Item(N_("Users and roles"), "/users", ("admin",)),
            Item(N_("Audit log"), "/audit"),
            Item(N_("Sync"), "/sync", HR, ("/devices",)),
        ),
    ),
)


@dataclass(frozen=True)
class ShownGroup:
    label: str
    href: str  # the group's first page this user may open
    items: tuple[Item, ...]
    current: bool


def menu_for(user, path: str) -> list[ShownGroup]:
    """The groups user may open, with the one holding path marked current."""
    shown = []
    for group in MENU:
        items = tuple(item for item in group.items if item.shown_to(user))
        if items:
            current = any(item.matches(path) for item in items)
            shown.append(ShownGroup(group.label, items[0].href, items, current))
    return shown


def current_item(items: tuple[Item, ...], path: str) -> Item | None:
    """The longest match, so /attendance/days is not also 'Today'."""
    found = [item for item in items if item.matches(path)]
    return max(found, key=lambda item: len(item.href), default=None)


def current_group(menu: list[ShownGroup]) -> ShownGroup | None:
    return next((group for group in menu if group.current), None)
