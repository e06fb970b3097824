"""Sign-in failures per client address and across the plant, kept in the server's memory (app.state).

The per-account lock (LoginThrottle) stops guessing one password; this stops one address trying many
accounts, and a burst of failures across accounts (password spraying) from addresses that have failed
before. An address that never failed is never held back by a spray, so HR at the office still signs in.
One office process serves the plant, so memory is the right place: a restart clears it, which is harmless.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

from app.auth import rules


class AddressThrottle:
    def __init__(self) -> None:
        self._by_address: dict[str, rules.ThrottleState] = {}
        self._failures: deque[datetime] = deque(maxlen=rules.SPRAY_LIMIT * 4)

    def refused(self, address: str, now: datetime) -> bool:
        state = self._by_address.get(address)
        if state is None:
            return False
        return rules.is_locked(state, now) or rules.spraying(list(self._failures), now)

    def failed(self, address: str, now: datetime) -> None:
        before = self._by_address.get(address, rules.ThrottleState(0, None))
        self._by_address[address] = rules.address_after_failure(before, now)
        self._failures.append(now)

    def succeeded(self, address: str) -> None:
        self._by_address.pop(address, None)
