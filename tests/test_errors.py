"""Refused: the one refusal, for one field or for several at once, shown in the reader's language."""

from __future__ import annotations

import pytest

from app.errors import Refused
from app.i18n import N_, using_language

DATE = N_("Enter a date as YYYY-MM-DD.")
RANGE = N_("Enter a whole number from %(minimum)s to %(maximum)s.")


def test_several_fields_are_refused_together_each_in_chinese_with_its_placeholders_filled():
    refused = Refused.fields({"day": DATE, "hours": (RANGE, {"minimum": 1, "maximum": 72})})
    with using_language("zh_CN"):
        assert refused.errors == {
            "day": "请按 年-月-日(YYYY-MM-DD)输入日期。",
            "hours": "请输入 1 到 72 之间的整数。",
        }
        assert refused.text == "请按 年-月-日(YYYY-MM-DD)输入日期。\n请输入 1 到 72 之间的整数。"


def test_the_same_refusal_reads_in_english_when_the_reader_asked_for_it():
    refused = Refused.fields({"day": DATE, "hours": (RANGE, {"minimum": 1, "maximum": 72})})
    with using_language("en"):
        assert refused.errors == {"day": DATE, "hours": "Enter a whole number from 1 to 72."}


def test_a_refusal_of_several_fields_keeps_the_untranslated_ids_and_names_the_first():
    refused = Refused.fields({"day": DATE, "hours": (RANGE, {"minimum": 1, "maximum": 72})}, status=409)
    assert refused.messages == {"day": (DATE, {}), "hours": (RANGE, {"minimum": 1, "maximum": 72})}
    assert (refused.message, refused.field, refused.status) == (DATE, "day", 409)
    assert "hours" in str(refused)


def test_a_refusal_of_one_field_reads_as_it_always_did():
    refused = Refused(RANGE, field="hours", minimum=0, maximum=9)
    with using_language("zh_CN"):
        assert refused.errors == {"hours": "请输入 0 到 9 之间的整数。"}
        assert refused.text == "请输入 0 到 9 之间的整数。"
    assert Refused(DATE).errors.keys() == {"_form"}
    assert refused.messages == {"hours": (RANGE, {"minimum": 0, "maximum": 9})}


def test_a_refusal_must_name_a_field():
    with pytest.raises(ValueError):
        Refused.fields({})
