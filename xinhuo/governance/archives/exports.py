"""The catalogue of a year as a workbook (档案目录): one row per record, destroyed ones included (the catalogue is
the proof of what was kept and what was destroyed), in the committee's words whatever the reader's language."""

from __future__ import annotations

import io

from openpyxl import Workbook

from xinhuo.core.excel import header_cells, safe_row

HEADERS = ["档号", "题名", "类别", "日期", "保管期限", "到期日", "状态", "关键词"]
# the archive's own words (档案管理): the workbook is the committee's record, the same in any UI language
CATEGORY_WORDS = {
    "minutes": "会议纪要", "plan": "工作计划", "summary": "工作总结", "photo": "照片", "certificate": "荣誉证书",
    "agreement": "协议", "receipt": "票据账目", "charter": "章程制度", "inspection": "督导整改", "other": "其他",
}
RETENTION_WORDS = {"permanent": "永久", "30": "30年", "10": "10年", "5": "5年"}
STATUS_WORDS = {"kept": "保存", "destroyed": "已销毁"}


def catalogue_workbook(rows) -> io.BytesIO:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("档案目录")
    ws.append(header_cells(ws, HEADERS))
    for r in rows:
        ws.append(safe_row([r.number, r.title, CATEGORY_WORDS.get(r.category, r.category), r.dated,
                            RETENTION_WORDS.get(r.retention, r.retention), r.keep_until or "永久",
                            STATUS_WORDS.get(r.status, r.status), r.keywords]))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf
