"""Roster workbooks as HR gets them from the old system: built here with openpyxl, messy on purpose."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook

HEADER = ["序号", "工号", "姓名", "性别", "出生日期", "手机", "部门", "岗位", "入职日期", "状态"]


def messy_roster() -> bytes:
    """A merged title row, full-width digits, dates as text in two shapes, a real date cell and an Excel
    serial, a duplicate code (rows 6 and 8) and a missing name (row 7). Rows 3, 4, 5 are good."""
    book = Workbook()
    sheet = book.active
    sheet.append(["2024年员工花名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    sheet.append(
        [1, "Ｅ１００１", "刘洋", "男", "1990/5/17", "１３８００１３８００１", "装配车间", "装配工", "2024/3/1", "在职"]
    )
    sheet.append([2, "E1002", "陈静", "女", "1995年8月2日", 13800138002, "装配车间", "装配工", "2024年3月1日", "试用"])
    sheet.append([3, "E1003", "杨磊", "男", datetime(1988, 1, 9), "13800138003", "质检部", "质检员", 45352, ""])
    sheet.append([4, "E1004", "黄敏", "女", "1992-02-02", "13800138004", "装配车间", "装配工", "2024-04-01", "在职"])
    sheet.append([5, "E1005", None, "男", "1993-03-03", "13800138005", "装配车间", "装配工", "2024-04-01", "在职"])
    sheet.append([6, "E1004", "赵强", "男", "1994-04-04", "13800138006", "装配车间", "装配工", "2024-04-01", "在职"])
    sheet.append([None] * len(HEADER))  # an empty row at the end, as Excel often leaves
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def clean_roster_csv() -> bytes:
    """Two good rows as a csv saved by Chinese Excel (GB18030), one in a department floorhr lacks."""
    text = "工号,姓名,性别,入职日期,部门\r\nE2001,周杰,男,2023-09-01,装配车间\r\nE2002,吴芳,女,2023-09-01,喷涂车间\r\n"
    return text.encode("gb18030")
