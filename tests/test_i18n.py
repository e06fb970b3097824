"""Every string the UI shows has a Chinese translation, and the catalogue is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from app.i18n import LOCALE_DIR, gettext, using_language

ROOT = Path(__file__).resolve().parents[1]


def _extract(tmp_path: Path):
    target = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "-k",
            "gettext",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(target),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with target.open("rb") as handle:
        return read_po(handle)


def test_every_ui_string_has_a_chinese_translation(tmp_path):
    extracted = _extract(tmp_path)
    with (LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        chinese = read_po(handle, locale="zh_CN")
    untranslated = []
    for message in extracted:
        if not message.id:
            continue
        translated = chinese.get(message.id)
        strings = (
            (translated.string,)
            if translated and isinstance(translated.string, str)
            else (translated.string if translated else ("",))
        )
        if not all(strings):
            untranslated.append(message.id)
    assert untranslated == [], "run scripts/i18n and translate these in zh_CN: " + repr(untranslated[:20])


def test_chinese_is_the_default_and_english_is_on_request():
    assert gettext("Sign in") == "登录"
    with using_language("en"):
        assert gettext("Sign in") == "Sign in"


def test_money_is_shown_in_the_language_of_the_page_whatever_was_shown_before():
    """format_money keeps what it formatted (a month's page repeats amounts); the language is part of the key."""
    from app.i18n import format_money, using_language

    with using_language("en"):
        english = format_money(123450)
    with using_language("zh_CN"):
        chinese = format_money(123450)
    with using_language("en"):
        assert format_money(123450) == english
    assert english == "CN¥1,234.50" and chinese == "¥1,234.50"
    assert format_money(-5) == "-¥0.05"


def test_templates_translate_in_the_language_of_the_page_whatever_was_shown_before():
    """Template messages are kept translated per language (app.web); weekday names come from one branch each."""
    from zoneinfo import ZoneInfo

    from app.web import jinja_environment

    page = jinja_environment(ZoneInfo("Asia/Shanghai")).from_string(
        '{% from "attendance/_day_labels.html" import weekday %}{{ _("Sign in") }}:'
        "{% for n in range(7) %}{{ weekday(n) }} {% endfor %}"
    )
    assert page.render() == "登录:周一 周二 周三 周四 周五 周六 周日 "
    with using_language("en"):
        assert page.render() == "Sign in:Mon Tue Wed Thu Fri Sat Sun "
    assert page.render() == "登录:周一 周二 周三 周四 周五 周六 周日 "
