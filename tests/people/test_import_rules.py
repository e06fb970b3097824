"""Reading a roster: the header under a title, Chinese headers, dates in many shapes, full-width digits."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.people.imports import rules as import_rules

HEADER = ["工号", "姓名", "性别", "出生日期", "手机号", "部门", "岗位", "入职日期", "状态"]


def good(code="W0001", name="张伟", **changes):
    row = {
        "工号": code,
        "姓名": name,
        "性别": "男",
        "出生日期": "1990-05-17",
        "手机号": "13800138000",
        "部门": "装配车间",
        "岗位": "装配工",
        "入职日期": "2024-03-01",
        "状态": "在职",
    }
    row.update(changes)
    return [row[column] for column in HEADER]


def messages(parsed_row) -> list[str]:
    return [problem.message for problem in parsed_row.problems]


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("2024/3/1", date(2024, 3, 1)),
        ("2024.3.1", date(2024, 3, 1)),
        ("2024年3月1日", date(2024, 3, 1)),
        ("２０２４年３月１日", date(2024, 3, 1)),  # typed with a Chinese input method
        ("20240301", date(2024, 3, 1)),
        ("2024-03-01 00:00:00", date(2024, 3, 1)),
        (45352, date(2024, 3, 1)),  # an Excel date serial in a General cell
        (45352.0, date(2024, 3, 1)),
        ("45352", date(2024, 3, 1)),  # the same serial saved to csv
        (datetime(2024, 3, 1, 0, 0), date(2024, 3, 1)),  # a real date cell
        (date(2024, 3, 1), date(2024, 3, 1)),
        ("", None),
        (None, None),
    ],
)
def test_a_date_cell_is_read_in_the_shapes_rosters_use(cell, expected):
    assert import_rules.parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["2024-02-30", "3/1/2024", "下周一", "12", "2024-13-01", 5])
def test_a_date_that_is_not_one_is_refused(cell):
    with pytest.raises(ValueError):
        import_rules.parse_date(cell)


def test_a_merged_title_row_above_the_header_is_skipped():
    rows = [["2024年员工花名册", None, None], [None, None, None], ["工号", "姓名", "性别"], ["W1", "张伟", "男"]]
    assert import_rules.find_header(rows) == (2, {0: "employee_code", 1: "name", 2: "gender"})


@pytest.mark.parametrize(
    "label, field",
    [
        ("员工编号", "employee_code"),
        ("工 号", "employee_code"),
        ("手机", "phone"),
        ("手机号码", "phone"),
        ("出生日期(yyyy-mm-dd)", "birth_date"),
        ("入职日期*", "hire_date"),
        ("Employee code", "employee_code"),
        ("所属部门", "department"),
        ("岗位", "position"),
    ],
)
def test_header_labels_are_recognised_in_their_usual_spellings(label, field):
    assert import_rules.header_columns([label]) == {0: field}


def test_a_worker_hired_the_day_after_the_16th_birthday_is_no_problem():
    assert import_rules.parse([HEADER, good(出生日期="2008-02-29")]).ok


def test_a_clean_roster_has_no_problems_and_full_width_digits_become_ascii():
    parsed = import_rules.parse([HEADER, good(code="Ｗ０００１", 手机号="１３８ ００１３ ８０００")])
    assert parsed.ok
    values = parsed.rows[0].values
    assert values["employee_code"] == "W0001" and values["phone"] == "13800138000"
    assert values["gender"] == "M" and values["status"] == "active" and values["hire_date"] == date(2024, 3, 1)


def test_each_row_carries_its_own_problems_with_the_row_number_excel_shows():
    parsed = import_rules.parse(
        [["花名册"], HEADER, good(), good(code="W0002", name=""), good(code="W0003", 入职日期="明天")]
    )
    assert [row.line for row in parsed.invalid_rows] == [4, 5]
    assert messages(parsed.invalid_rows[0]) == ["Enter a name of 1 to 50 characters."]
    assert parsed.invalid_rows[1].problems[0].params == {"value": "明天"}
    assert len(parsed.valid_rows) == 1 and not parsed.ok


def test_a_code_twice_in_the_file_flags_both_rows():
    parsed = import_rules.parse([HEADER, good("W0001"), good("W0002"), good("w0001", name="李四")])
    flagged = {row.line: row.problems[0].params for row in parsed.invalid_rows}
    assert flagged == {2: {"code": "W0001", "rows": "2, 4"}, 4: {"code": "W0001", "rows": "2, 4"}}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"性别": "未知"}, "Write the gender as 男 or 女."),
        ({"状态": "离职"}, "This person has left: the import takes current staff only."),
        ({"状态": "停薪留职"}, "Write the status as 在职, 试用 or 待入职."),
        ({"手机号": "12345"}, "Enter an 11-digit mobile number starting with 1."),
        ({"入职日期": ""}, "Enter the hire date."),
        ({"出生日期": "2010-01-01"}, "Under 16 on the hire date: may not be employed (Labour Law art. 15)."),
        (
            {"出生日期": "2008-03-01"},  # hired on the 16th birthday: still 15 that day
            "Under 16 on the hire date: may not be employed (Labour Law art. 15).",
        ),
        ({"出生日期": "2025-01-01"}, "The birth date must be before the hire date."),
        ({"工号": "W 01"}, "An employee code has 1 to 20 letters, digits or dashes."),
    ],
)
def test_a_bad_cell_is_named(changes, message):
    assert messages(import_rules.parse([HEADER, good(**changes)]).rows[0]) == [message]


def test_a_roster_without_the_required_columns_is_refused_as_a_whole():
    parsed = import_rules.parse([["工号", "姓名"], ["W1", "张伟"]])
    assert [problem.params for problem in parsed.problems] == [{"column": "性别"}, {"column": "入职日期"}]
    assert parsed.valid_rows == [] and not parsed.ok


def test_a_file_without_a_header_is_refused():
    parsed = import_rules.parse([["hello"], ["world"]])
    assert parsed.problems and not parsed.rows


def test_the_plant_is_checked_codes_in_use_and_unknown_departments():
    parsed = import_rules.parse([HEADER, good("W0001"), good("W0002", 部门="喷涂车间", 岗位="喷涂工")])
    import_rules.check_against(parsed, {"W0001"}, {"装配车间"}, {("装配工", "装配车间")}, create_missing=False)
    assert [p.message for p in parsed.rows[0].problems] == ["Employee code %(code)s is already in floorhr."]
    assert [p.params for p in parsed.rows[1].problems] == [{"name": "喷涂车间"}, {"name": "喷涂工"}]
    assert parsed.missing_departments == ["喷涂车间"] and parsed.missing_positions == [("喷涂工", "喷涂车间")]


def test_with_create_missing_unknown_departments_are_no_problem_but_are_listed():
    parsed = import_rules.parse([HEADER, good("W0002", 部门="喷涂车间", 岗位="喷涂工")])
    import_rules.check_against(parsed, set(), set(), set(), create_missing=True)
    assert parsed.ok and parsed.missing_departments == ["喷涂车间"]


def test_a_plant_wide_position_matches_in_any_department():
    parsed = import_rules.parse([HEADER, good(岗位="叉车司机")])
    import_rules.check_against(parsed, set(), {"装配车间"}, {("叉车司机", "")}, create_missing=False)
    assert parsed.ok
