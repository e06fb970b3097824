"""The ID card reader adapter: our parser of the 256-byte UTF-16LE text block, tested on synthetic blocks (RULES.md)."""

from datetime import date

import pytest

from app.onboarding import idcard
from app.onboarding.idcard import (
    CardReader,
    IdCardData,
    IdCardError,
    VendorLibraryReader,
    build_text_block,
    parse_text_block,
)

TODAY = date(2026, 3, 1)


def test_it_reads_every_field_at_the_rules_md_byte_offsets():
    block = build_text_block(
        name="王小红",
        sex="2",
        ethnicity="01",
        birth="19491231",
        address="北京市朝阳区建国路88号",
        id_number="11010519491231002X",
        authority="北京市公安局朝阳分局",
        valid_from="20160301",
        valid_to="20360301",
    )
    assert len(block) == 256
    assert parse_text_block(block, TODAY) == IdCardData(
        name="王小红",
        gender="F",
        ethnicity_code="01",
        ethnicity="汉",
        birth_date=date(1949, 12, 31),
        address="北京市朝阳区建国路88号",
        id_number="11010519491231002X",
        issuing_authority="北京市公安局朝阳分局",
        valid_from=date(2016, 3, 1),
        valid_to=date(2036, 3, 1),
    )


@pytest.mark.parametrize(
    "field, start, stop",
    [
        pytest.param("name", 0, 30, id="name-bytes-0-29"),
        pytest.param("sex", 30, 32, id="sex-bytes-30-31"),
        pytest.param("ethnicity", 32, 36, id="ethnicity-bytes-32-35"),
        pytest.param("birth", 36, 52, id="birth-bytes-36-51"),
        pytest.param("address", 52, 122, id="address-bytes-52-121"),
        pytest.param("id_number", 122, 158, id="id-number-bytes-122-157"),
        pytest.param("authority", 158, 188, id="authority-bytes-158-187"),
        pytest.param("valid_from", 188, 204, id="valid-from-bytes-188-203"),
        pytest.param("valid_to", 204, 220, id="valid-to-bytes-204-219"),
    ],
)
def test_the_synthetic_block_puts_each_field_where_rules_md_says(field, start, stop):
    block = build_text_block()
    expected = {
        "name": "张三",
        "sex": "2",
        "ethnicity": "01",
        "birth": "19491231",
        "address": "北京市朝阳区某某路1号",
        "id_number": "11010519491231002X",
        "authority": "北京市公安局朝阳分局",
        "valid_from": "20200101",
        "valid_to": "长期",
    }[field]
    assert block[start:stop].decode("utf-16-le").rstrip(" ") == expected


def test_a_card_that_never_expires_reads_as_no_end_date():
    card = parse_text_block(build_text_block(valid_to="长期"), TODAY)
    assert card.valid_to is None and not card.expired_on(date(2099, 1, 1))


@pytest.mark.parametrize(
    "day, expired",
    [
        pytest.param(date(2036, 3, 1), False, id="valid-through-the-last-day"),
        pytest.param(date(2036, 3, 2), True, id="expired-from-the-day-after"),
    ],
)
def test_a_card_is_valid_through_its_end_date(day, expired):
    card = parse_text_block(build_text_block(valid_to="20360301"), TODAY)
    assert card.expired_on(day) is expired


def test_padding_with_nuls_is_stripped_like_spaces():
    block = bytearray(build_text_block(name="李四", sex="1", birth="19900307", id_number="110105199003070017"))
    block[4:30] = b"\x00" * 26  # some readers pad with NULs
    card = parse_text_block(bytes(block), TODAY)
    assert (card.name, card.gender, card.id_number) == ("李四", "M", "110105199003070017")


def test_a_block_with_the_photo_behind_it_is_read_too():
    assert parse_text_block(build_text_block() + b"\x01" * idcard.PHOTO_BYTES, TODAY).name == "张三"


@pytest.mark.parametrize(
    "code, name",
    [
        pytest.param("01", "汉", id="gb3304-01-han"),
        pytest.param("05", "维吾尔", id="gb3304-05-uyghur"),
        pytest.param("56", "基诺", id="gb3304-56-jino-the-last"),
        pytest.param("97", "其他", id="gb3304-97-other"),
        pytest.param("77", None, id="a-code-outside-gb3304-has-no-name"),
    ],
)
def test_the_ethnicity_code_maps_to_its_gb3304_name(code, name):
    assert parse_text_block(build_text_block(ethnicity=code), TODAY).ethnicity == name


def test_all_56_ethnic_groups_are_named():
    assert [f"{n:02d}" for n in range(1, 57)] == [code for code in idcard.ETHNICITIES if code < "57"]


@pytest.mark.parametrize(
    "block, code",
    [
        pytest.param(b"", "idcard.short_block", id="empty-block"),
        pytest.param(build_text_block()[:200], "idcard.short_block", id="cut-before-the-valid-to-field"),
        pytest.param(b"\x00\xd8" + build_text_block()[2:], "idcard.garbled", id="lone-surrogate-not-text"),
        pytest.param(bytes(range(256)), "idcard.garbled", id="random-bytes"),
        pytest.param(build_text_block(name=""), "idcard.garbled", id="no-name"),
        pytest.param(build_text_block(sex="3"), "idcard.garbled", id="unknown-sex-code"),
        pytest.param(build_text_block(ethnicity="汉"), "idcard.garbled", id="ethnicity-not-a-code"),
        pytest.param(build_text_block(birth="19491331"), "idcard.garbled", id="birth-field-not-a-date"),
        pytest.param(build_text_block(valid_to="2036"), "idcard.garbled", id="valid-to-not-a-date"),
    ],
)
def test_it_refuses_a_short_or_garbled_block_with_a_clear_error(block, code):
    with pytest.raises(IdCardError) as refused:
        parse_text_block(block, TODAY)
    assert refused.value.code == code and refused.value.message


@pytest.mark.parametrize(
    "fields, code",
    [
        pytest.param({"id_number": "11010519491231002Y"}, "id.bad_characters", id="number-validated-again-shape"),
        pytest.param({"id_number": "110105194912310020"}, "id.bad_check_char", id="number-validated-again-check-char"),
        pytest.param({"id_number": "110105491231002"}, "id.legacy_15_digit", id="no-15-digit-number-from-a-reader"),
        pytest.param({"birth": "19491230"}, "idcard.mismatch", id="birth-field-disagrees-with-the-number"),
        pytest.param({"sex": "1"}, "idcard.mismatch", id="sex-field-disagrees-with-the-17th-digit"),
    ],
)
def test_every_number_from_a_reader_is_validated_again(fields, code):
    with pytest.raises(IdCardError) as refused:
        parse_text_block(build_text_block(**fields), TODAY)
    assert refused.value.code == code


def test_a_field_too_long_for_its_bytes_cannot_be_built():
    with pytest.raises(ValueError):
        build_text_block(name="一二三四五六七八九十一二三四五六")  # 16 characters, 32 bytes > 30


def test_a_missing_vendor_library_gives_a_clear_error(tmp_path):
    reader = VendorLibraryReader(tmp_path / "libsdtapi.so")  # loaded lazily: building it does not fail
    with pytest.raises(IdCardError) as refused:
        reader.read()
    assert refused.value.code == "idcard.reader_library"


def test_a_fake_reader_satisfies_the_card_reader_protocol():
    class FakeReader:
        def read(self) -> bytes | None:
            return build_text_block()

    reader: CardReader = FakeReader()
    assert parse_text_block(reader.read(), TODAY).id_number == "11010519491231002X"
