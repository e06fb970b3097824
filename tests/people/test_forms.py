"""People's form parsers: a good form gives its value, a bad one is refused with every bad field at once."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import Refused
from app.people import forms


def test_an_exit_form_with_several_mistakes_is_refused_with_all_of_them():
    bad = {"reason": "bored", "notice_date": "2026-11-20", "last_day": "2026-11-01", "contract_end": "2026/13/01"}
    with pytest.raises(Refused) as refused:
        forms.parse_exit({**bad, "note": "x" * 201})
    assert refused.value.messages.keys() == {"reason", "last_day", "contract_end", "note"}


def test_a_confirmation_needs_its_date_and_reads_it_when_given():
    with pytest.raises(Refused) as refused:
        forms.parse_confirm({"effective_date": ""})
    assert refused.value.messages == {"effective_date": ("Enter a date.", {})}
    assert forms.parse_confirm({"effective_date": "2026-11-25"}) == date(2026, 11, 25)


def test_a_transfer_and_an_employee_refuse_a_skill_grade_out_of_range():
    with pytest.raises(Refused) as transfer:
        forms.parse_transfer({"effective_date": "2026-11-25", "skill_grade": "10"})
    assert transfer.value.messages.keys() == {"skill_grade"}
    with pytest.raises(Refused) as employee:
        forms.parse_employee({"employee_code": "W0001", "name": "", "skill_grade": "0"})
    assert employee.value.messages.keys() == {"name", "skill_grade"}
    good = forms.parse_employee({"employee_code": "W0001", "name": "李娜", "skill_grade": "3"})
    assert (good.employee_code, good.skill_grade) == ("W0001", 3)
