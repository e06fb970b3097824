"""Pure pieces of onboarding: age bands, step durations and monthly medians, contract filling, the vault."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.onboarding import contract
from app.onboarding.crypto import Vault
from app.onboarding.rules import AgeBand, age_band, contract_end, monthly_medians, step_seconds
from tests.onboarding.factories import signature

BIRTH = date(2010, 3, 10)


@pytest.mark.parametrize(
    ("start", "band"),
    [
        (date(2026, 3, 9), AgeBand.UNDER_16),  # 15 years 364 days
        (date(2026, 3, 10), AgeBand.UNDER_16),  # the 16th birthday: hiring is allowed from the day after (RULES.md)
        (date(2026, 3, 11), AgeBand.MINOR),  # 16 years 1 day
        (date(2028, 3, 10), AgeBand.MINOR),  # the 18th birthday: still a minor worker that day
        (date(2028, 3, 11), AgeBand.ADULT),
    ],
)
def test_the_age_band_is_computed_on_the_start_date(start, band):
    assert age_band(BIRTH, start) is band


def test_a_29_february_birthday_counts_from_28_february():
    assert age_band(date(2008, 2, 29), date(2024, 2, 29)) is AgeBand.UNDER_16  # a leap year: the birthday itself
    assert age_band(date(2008, 2, 29), date(2026, 2, 28)) is AgeBand.MINOR  # the 18th "birthday" in 2026
    assert age_band(date(2008, 2, 29), date(2026, 3, 1)) is AgeBand.ADULT


def test_step_durations_come_from_the_saved_utc_times_and_skip_unfinished_steps():
    steps = {
        "identity": {"started": "2026-11-23T01:00:00+00:00", "finished": "2026-11-23T01:03:30+00:00"},
        "details": {"started": "2026-11-23T01:03:30+00:00"},
    }
    assert step_seconds(steps) == {"identity": 210}


def test_the_median_time_to_onboard_is_per_month_newest_first():
    finished = [("2026-10", 1800), ("2026-11", 1200), ("2026-11", 2400), ("2026-11", 1500), ("2026-10", 2000)]
    assert monthly_medians(finished) == [("2026-11", 1500.0, 3), ("2026-10", 1900.0, 2)]


def test_a_fixed_term_ends_the_day_before_the_same_date_after_the_term():
    assert contract_end(date(2026, 3, 1), 12) == date(2027, 2, 28)
    assert contract_end(date(2026, 1, 31), 1) == date(2026, 2, 27)


def test_a_template_is_filled_and_an_unknown_placeholder_stays_visible():
    assert contract.fill("乙方：{name}，{unknown}", {"name": "张三"}) == "乙方：张三，{unknown}"


def test_only_a_drawn_png_of_sane_size_is_a_signature():
    assert contract.signature_png(signature()).startswith(contract.PNG_MAGIC)
    assert contract.signature_png("data:image/png;base64,iVBORw0KGgo=") is None  # a blank canvas is tiny
    assert contract.signature_png("data:image/jpeg;base64,/9j/4AAQ") is None
    assert contract.signature_png("data:image/png;base64,not base64!") is None


def test_the_chain_hash_changes_when_the_document_or_its_time_changes():
    at = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    link = contract.chain_hash(contract.GENESIS, "a" * 64, at)
    assert link != contract.chain_hash(contract.GENESIS, "b" * 64, at)
    assert link != contract.chain_hash(contract.GENESIS, "a" * 64, at.replace(second=1))


def test_the_vault_round_trips_and_its_lookup_hash_depends_on_the_secret():
    vault, other = Vault(b"s" * 32), Vault(b"t" * 32)
    token = vault.encrypt("11010519491231002X")
    assert "11010519491231002X" not in token and vault.decrypt(token) == "11010519491231002X"
    assert vault.lookup_hash("11010519491231002X") == vault.lookup_hash("11010519491231002X")
    assert vault.lookup_hash("11010519491231002X") != other.lookup_hash("11010519491231002X")
    with pytest.raises(ValueError):
        other.decrypt(token)


def test_a_small_png_claiming_a_huge_canvas_is_refused_before_anything_decodes_it():
    import base64
    import zlib

    def png(width: int, height: int) -> str:
        def chunk(kind: bytes, data: bytes) -> bytes:
            return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

        header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
        body = zlib.compress(b"\0" * 4096, 9) + b"\0" * 600  # small on disk, whatever it claims
        data = contract.PNG_MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
        return "data:image/png;base64," + base64.b64encode(data).decode()

    assert contract.signature_png(png(600, 220)) is not None
    assert contract.signature_png(png(60_000, 60_000)) is None  # 3.6 billion pixels
