"""The kinds of request approvals knows: each capability registers its own at import, approvals imports none.

A kind gives its label (an English msgid), who decides it (the responsibility matrix the inbox shows,
an English msgid), where a request of it is shown, what happens when the last
step approves or any step rejects (called inside the decision's write transaction), and how its pending
requests read in the inbox, in the reader's language (else the summary stored when it was filed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.audit.service import Actor

Decided = Callable[[str, bool, str, Actor], Awaitable[None]]  # (ref, approved, reason, actor)
Describe = Callable[..., Awaitable[dict[str, str]]]  # (refs[, zone]) -> one line each, in the current language


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    link: Callable[[str], str]
    on_decided: Decided
    describe: Describe | None = None
    zoned: bool = False  # describe takes the plant's zone too (it shows times): called only where one is given
    decides: str = ""  # who decides, in words (English msgid): one row of the inbox's responsibility matrix


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.code] = kind


def kind(code: str) -> Kind | None:
    return _KINDS.get(code)


def kinds() -> list[Kind]:
    return list(_KINDS.values())
