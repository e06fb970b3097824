"""The agent's back-off: exponential, capped, jittered between half and all of the ceiling."""

import pytest

from app.sync.rules import backoff_seconds


@pytest.mark.parametrize(
    ("failures", "draw", "expected"),
    [
        (0, 0.5, 0.0),  # no failure: no wait
        (1, 0.0, 1.0),
        (1, 0.999, 1.999),  # base 2 s: between 1 and 2
        (2, 0.0, 2.0),
        (3, 0.0, 4.0),
        (4, 0.5, 12.0),
        (6, 0.0, 30.0),
        (7, 0.0, 30.0),
        (50, 1.0, 60.0),  # capped at a minute
    ],
)
def test_backoff(failures, draw, expected):
    assert backoff_seconds(failures, draw) == pytest.approx(expected)


def test_the_draw_spreads_kiosks_that_failed_together():
    waits = {round(backoff_seconds(5), 3) for _ in range(50)}
    assert len(waits) > 10 and all(16 <= wait <= 32 for wait in waits)
