"""Credentials at the kiosk (DESIGN.md): signed badges and invites, legacy cards, and what is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from app.badges import rules
from app.badges.rules import Badge, Invite, LegacyCard, Refusal, Refused

SECRET = b"this-installation-secret-0123456789"
OTHER_SECRET = b"another-plant-secret-9876543210abc"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
GOOD = rules.sign_badge(SECRET, "W0001", 3)  # FHR1.W0001.3.<mac>
MAC = GOOD.rsplit(".", 1)[1]


def scan(text: str) -> rules.ScanResult:
    return rules.parse_scan(SECRET, text, now=NOW)


def test_a_badge_payload_is_the_prefix_code_serial_and_a_16_character_base32_mac():
    digest = hmac.new(SECRET, b"FHR1.W0001.3", hashlib.sha256).digest()
    assert GOOD == "FHR1.W0001.3." + base64.b32encode(digest).decode()[:16]
    assert len(MAC) == 16 and MAC.isupper()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(GOOD, id="a_freshly_signed_badge_round_trips"),
        pytest.param(GOOD + "\r\n", id="a_usb_scanner_s_trailing_cr_lf_is_dropped"),
        pytest.param(GOOD + "\t", id="a_trailing_tab_suffix_is_dropped"),
        pytest.param(f"  {GOOD}  ", id="surrounding_spaces_are_dropped"),
        pytest.param(GOOD.lower(), id="caps_lock_turning_it_to_lower_case_still_verifies"),
        pytest.param(GOOD.replace(".", "。"), id="a_chinese_input_method_s_full_stops_still_verify"),
        pytest.param("".join(chr(ord(c) + 0xFEE0) for c in GOOD), id="full_width_characters_still_verify"),
    ],
)
def test_a_genuine_badge_is_read_as_its_employee_and_serial(text):
    assert scan(text) == Badge(employee_code="W0001", serial=3)


@pytest.mark.parametrize(
    "text, reason",
    [
        pytest.param("FHR1.W0001.3.AAAAAAAAAAAAAAAA", Refusal.FORGED, id="a_made_up_mac_is_forged"),
        pytest.param(f"FHR1.W0002.3.{MAC}", Refusal.FORGED, id="an_altered_employee_code_is_forged"),
        pytest.param(f"FHR1.W0001.4.{MAC}", Refusal.FORGED, id="an_altered_serial_is_forged"),
        pytest.param(
            rules.sign_badge(OTHER_SECRET, "W0001", 3),
            Refusal.FORGED,
            id="a_badge_signed_by_another_installation_is_forged",
        ),
        pytest.param(GOOD[:-1], Refusal.MALFORMED, id="a_mac_missing_its_last_character_is_malformed"),
        pytest.param("FHR1.W0001.3", Refusal.MALFORMED, id="a_badge_truncated_before_the_mac_is_malformed"),
        pytest.param("FHR1.W0001", Refusal.MALFORMED, id="a_badge_truncated_after_the_code_is_malformed"),
        pytest.param("FHR1", Refusal.MALFORMED, id="the_bare_prefix_is_malformed"),
        pytest.param(GOOD + ".X", Refusal.MALFORMED, id="an_extra_part_is_malformed"),
        pytest.param(f"FHR1.W0001.03.{MAC}", Refusal.MALFORMED, id="a_serial_with_a_leading_zero_is_malformed"),
        pytest.param(f"FHR1.W0001.0.{MAC}", Refusal.MALFORMED, id="serial_zero_is_malformed"),
        pytest.param(f"FHR1.W 0001.3.{MAC}", Refusal.MALFORMED, id="a_space_inside_the_code_is_malformed"),
        pytest.param(f"FHR1.W0001.3.{MAC[:-1]}1", Refusal.MALFORMED, id="a_digit_outside_base32_is_malformed"),
        pytest.param(
            "FHR1.'; DROP TABLE employee;--", Refusal.MALFORMED, id="sql_behind_the_badge_prefix_is_malformed"
        ),
        pytest.param("", Refusal.GARBAGE, id="an_empty_scan_is_garbage"),
        pytest.param(" \r\n", Refusal.GARBAGE, id="only_whitespace_is_garbage"),
        pytest.param("123", Refusal.GARBAGE, id="three_characters_are_too_short_for_a_card"),
        pytest.param("A" * 33, Refusal.GARBAGE, id="thirty_three_characters_are_too_long_for_a_card"),
        pytest.param(GOOD + "A" * 200, Refusal.GARBAGE, id="over_200_characters_are_garbage_even_with_a_good_start"),
        pytest.param("FHR1." + "A" * 100_000, Refusal.GARBAGE, id="a_very_long_scan_is_garbage"),
        pytest.param("W0001\x00", Refusal.GARBAGE, id="a_nul_character_is_garbage"),
        pytest.param(GOOD[:8] + "\r" + GOOD[8:], Refusal.GARBAGE, id="a_carriage_return_inside_is_garbage"),
        pytest.param("\x1b[31mW0001", Refusal.GARBAGE, id="an_escape_sequence_is_garbage"),
        pytest.param("\x1dW0001\x1d123", Refusal.GARBAGE, id="gs1_group_separators_are_garbage"),
        pytest.param("张三李四王五", Refusal.GARBAGE, id="chinese_text_is_garbage"),
        pytest.param("W0001\u200b", Refusal.GARBAGE, id="a_zero_width_space_is_garbage"),
    ],
)
def test_a_bad_scan_is_refused_with_a_stable_reason(text, reason):
    result = scan(text)
    assert result == Refused(reason)
    assert result.code == reason.value and result.message


@pytest.mark.parametrize(
    "text, key",
    [
        pytest.param("0012345678", "0012345678", id="an_rfid_number_is_a_card_to_look_up"),
        pytest.param("EMP-00123\r\n", "EMP-00123", id="a_code_39_card_with_the_reader_s_enter_is_trimmed"),
        pytest.param("emp-00123", "EMP-00123", id="a_card_read_with_caps_lock_on_matches_the_registered_one"),
        pytest.param("A1 B2", "A1 B2", id="a_space_inside_a_code_39_card_is_kept"),
        pytest.param("A" * 32, "A" * 32, id="thirty_two_characters_are_still_a_card"),
        # Printable ASCII is a card's text by definition; the service looks it up with bound parameters,
        # finds no such card and refuses it as unknown. Nothing here runs it.
        pytest.param(
            "'; DROP TABLE employee;--",
            "'; DROP TABLE EMPLOYEE;--",
            id="sql_looking_text_is_only_an_unknown_card_number_to_look_up",
        ),
    ],
)
def test_other_printable_text_is_a_legacy_card(text, key):
    assert scan(text) == LegacyCard(key)
    assert rules.legacy_card_key(text) == key


@pytest.mark.parametrize("text", ["FHR1-0001", "fhri1234", "ab", "\x07bell"])
def test_a_card_that_could_not_be_told_from_a_badge_cannot_be_registered(text):
    assert rules.legacy_card_key(text) is None


EXPIRES = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
INVITE_ID = "0195A3C2-7E4B-7C1D-9F00-123456789ABC"
INVITE = rules.sign_invite(SECRET, INVITE_ID.lower(), EXPIRES)


def test_an_invite_payload_carries_its_expiry_in_unix_seconds():
    assert INVITE.startswith(f"FHRI.{INVITE_ID}.{int(EXPIRES.timestamp())}.")


@pytest.mark.parametrize(
    "text, now, expected",
    [
        pytest.param(
            INVITE,
            EXPIRES - timedelta(seconds=1),
            Invite(INVITE_ID, EXPIRES),
            id="an_invite_works_until_its_last_second",
        ),
        pytest.param(INVITE.lower() + "\n", NOW, Invite(INVITE_ID, EXPIRES), id="an_invite_read_in_lower_case_works"),
        pytest.param(INVITE, EXPIRES, Refused(Refusal.EXPIRED), id="an_invite_is_void_from_its_expiry_on"),
        pytest.param(INVITE, EXPIRES + timedelta(days=1), Refused(Refusal.EXPIRED), id="an_old_invite_has_expired"),
        pytest.param(
            INVITE.replace(".1796", ".1896"),
            NOW,
            Refused(Refusal.FORGED),
            id="an_invite_with_a_pushed_back_expiry_is_forged",
        ),
        pytest.param(f"FHRI.W0001.3.{MAC}", NOW, Refused(Refusal.FORGED), id="a_badge_s_mac_does_not_make_an_invite"),
        pytest.param(
            f"FHRI.{INVITE_ID}.20261130.{MAC}", NOW, Refused(Refusal.FORGED), id="an_unsigned_date_expiry_is_forged"
        ),
        pytest.param(
            f"FHRI.{INVITE_ID}.{MAC}", NOW, Refused(Refusal.MALFORMED), id="an_invite_without_expiry_is_malformed"
        ),
        pytest.param(INVITE[:-3], NOW, Refused(Refusal.MALFORMED), id="a_truncated_invite_is_malformed"),
    ],
)
def test_an_invite_is_checked_for_shape_then_mac_then_expiry(text, now, expected):
    assert rules.parse_scan(SECRET, text, now=now) == expected


def test_an_invite_cannot_be_checked_against_a_naive_clock():
    with pytest.raises(ValueError, match="aware"):
        rules.parse_scan(SECRET, INVITE, now=datetime(2026, 11, 23, 8, 0))


@pytest.mark.parametrize(
    "badge_serial, current_serial, current",
    [
        pytest.param(3, 3, True, id="the_latest_printed_badge_is_current"),
        pytest.param(2, 3, False, id="a_badge_replaced_by_a_reprint_is_not"),
        pytest.param(4, 3, False, id="a_serial_beyond_the_issued_one_is_not"),
        pytest.param(3, None, False, id="a_revoked_credential_is_not"),
    ],
)
def test_only_the_latest_serial_is_current(badge_serial, current_serial, current):
    assert rules.is_current_serial(badge_serial, current_serial) is current


@pytest.mark.parametrize(
    "secret, code, serial",
    [
        pytest.param(SECRET, "W.1", 1, id="a_code_with_a_dot_would_break_the_payload"),
        pytest.param(SECRET, "", 1, id="an_empty_code"),
        pytest.param(SECRET, "W0001", 0, id="serial_zero"),
        pytest.param(b"short", "W0001", 1, id="a_secret_too_short_to_sign_with"),
    ],
)
def test_signing_refuses_what_could_never_verify(secret, code, serial):
    with pytest.raises(ValueError):
        rules.sign_badge(secret, code, serial)


def test_signing_upper_cases_the_employee_code():
    assert rules.sign_badge(SECRET, " w0001 ", 3) == GOOD


def test_every_refusal_has_an_english_message_for_translation():
    assert all(reason.message.endswith(".") for reason in Refusal)
