"""The labour contract: filled from its template, archived as a PDF (Chinese text + signature), hash-chained.

Pure: no database. The PDF embeds a Chinese TrueType font (app.pdf_font), so every viewer shows its text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer

from app.pdf_font import cjk_font


def N_(s: str) -> str:
    return s  # marks a message for translation


GENESIS = "0" * 64
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 300_000
MIN_SIGNATURE_BYTES = 200  # a blank canvas's PNG is smaller than any drawn stroke's

DEFAULT_TEMPLATE = """劳动合同

甲方（用人单位）：{company}
住所：{employer_address}，法定代表人：{legal_representative}
乙方（劳动者）：{name}，性别：{gender}，出生日期：{birth_date}，身份证号码：{id_number}
住址：{address}，联系电话：{phone}

第一条 合同期限：{term}，自{start_date}起。试用期{probation}。
第二条 工作内容和工作地点：乙方在{department}从事{position}工作，技能等级：{skill_grade}级；工作地点：{workplace}。
第三条 工作时间和休息休假：乙方班次为{shift}，执行标准工时制度，每日不超过8小时，每周不超过40小时，每周至少休息一日；乙方依法享受法定节假日、带薪年休假及国家规定的其他假期。甲方安排加班的，依法支付加班工资。
第四条 劳动报酬：{pay}。甲方每月{pay_day}日以货币形式足额支付上月工资；试用期工资不低于约定工资的80%，且不低于当地最低工资标准。
第五条 社会保险：甲方自用工之日起三十日内依法为乙方办理社会保险登记并缴纳社会保险费，乙方个人缴纳部分由甲方代扣代缴。
第六条 劳动保护、劳动条件和职业危害防护：甲方提供符合国家规定的劳动安全卫生条件和必要的劳动防护用品，如实告知岗位可能产生的职业危害及其后果和防护措施，对乙方进行三级安全教育，对从事接触职业危害作业的乙方定期进行职业健康检查。
第七条 合同的解除和终止依照《中华人民共和国劳动合同法》执行。乙方提前三十日（试用期内提前三日）书面通知甲方，可以解除本合同。
第八条 本合同以电子方式签订，乙方身份经身份证核验，签名与签署时间记录在案，双方各执一份，具有同等效力。
"""

# Labour Contract Law art. 17 (RULES.md): clauses filled from the invite, the worker and the plant settings ...
MANDATORY_PLACEHOLDERS = {
    "company": N_("the employer's name"),
    "employer_address": N_("the employer's address"),
    "legal_representative": N_("the employer's legal representative"),
    "name": N_("the worker's name"),
    "address": N_("the worker's address"),
    "id_number": N_("the worker's ID number"),
    "term": N_("the term"),
    "department": N_("the work"),
    "workplace": N_("the workplace"),
    "shift": N_("working hours"),
    "pay": N_("pay"),
    "pay_day": N_("the pay day"),
}
# ... and the ones the template states in its own words.
MANDATORY_WORDING = {
    "休息休假": N_("rest and leave"),
    "社会保险": N_("social insurance"),
    "劳动保护": N_("labour protection"),
    "职业危害": N_("protection against occupational hazards"),
}

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, values: dict[str, str]) -> str:
    """The template with each {placeholder} replaced; an unknown one stays visible rather than failing."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), template)


def missing_clauses(template: str, values: dict[str, str]) -> list[str]:
    """Art. 17's mandatory clauses that the template does not hold, or that the values leave empty (English
    labels marked for translation). A contract with any missing is not offered for signing."""
    present = set(PLACEHOLDER.findall(template))
    missing = [
        label
        for key, label in MANDATORY_PLACEHOLDERS.items()
        if key not in present or not str(values.get(key, "")).strip()
    ]
    return missing + [label for word, label in MANDATORY_WORDING.items() if word not in template]


def signature_png(data_url: str) -> bytes | None:
    """The PNG bytes of the signature pad's data URL, or None when it is not a drawn PNG of a sane size."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix) or len(data_url) > MAX_SIGNATURE_BYTES * 4 // 3 + 100:
        return None
    try:
        png = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        return None
    if not (png.startswith(PNG_MAGIC) and MIN_SIGNATURE_BYTES <= len(png) <= MAX_SIGNATURE_BYTES):
        return None
    return png if _sane_size(png) else None


MAX_SIGNATURE_PIXELS = (2400, 1200)  # a signature pad at a kiosk's resolution, with room; a bomb is far larger


def _sane_size(png: bytes) -> bool:
    """Width and height from the PNG header (IHDR), read before anything decodes the image: a small file can
    claim a huge canvas that would take the server's memory when drawn into the PDF."""
    if len(png) < 24 or png[12:16] != b"IHDR":
        return False
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return 20 <= width <= MAX_SIGNATURE_PIXELS[0] and 10 <= height <= MAX_SIGNATURE_PIXELS[1]


MAX_SEAL_BYTES = 300_000
SEAL_PIXELS = (100, 1200)  # a scanned seal: square-ish, a few hundred pixels a side


def seal_png(png: bytes) -> bytes | None:
    """The plant's seal as HR uploads it: a PNG of a sane size (checked from its header before anything decodes it),
    or None."""
    if not (png.startswith(PNG_MAGIC) and MIN_SIGNATURE_BYTES <= len(png) <= MAX_SEAL_BYTES):
        return None
    if len(png) < 24 or png[12:16] != b"IHDR":
        return None
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    low, high = SEAL_PIXELS
    return (
        png if low <= width <= high and low <= height <= high and max(width, height) <= 2 * min(width, height) else None
    )


@dataclass(frozen=True)
class EmployerSide:
    """Who signs for the plant (a named HR user, authorised by the plant) and the seal stamped beside it."""

    company: str
    representative: str
    seal: bytes


def _font() -> str:
    return cjk_font()


def _image(png: bytes, max_width: float, max_height: float) -> Image:
    width, height = ImageReader(io.BytesIO(png)).getSize()
    scale = min(max_width / width, max_height / height)
    return Image(io.BytesIO(png), width=width * scale, height=height * scale)


def render_pdf(text: str, signature: bytes, signer: str, signed_at_local: str, employer: EmployerSide) -> bytes:
    """An A4 PDF: the contract text paragraph by paragraph, the employer's side (seal, authorised HR user), then the
    worker's signature image, name and time. The whole PDF is what the hash chain keeps, so both sides are in it."""
    body = ParagraphStyle("body", fontName=_font(), fontSize=11, leading=17, wordWrap="CJK", spaceAfter=4)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=1)
    lines = [line for line in text.splitlines() if line.strip()]
    story: list = [Paragraph(_escape(lines[0]), title)] + [Paragraph(_escape(line), body) for line in lines[1:]]
    story += [
        Spacer(1, 8 * mm),
        Paragraph(_escape(f"甲方（盖章）：{employer.company}"), body),
        _image(employer.seal, 40 * mm, 40 * mm),
        Paragraph(_escape(f"甲方授权代表：{employer.representative}"), body),
        Spacer(1, 6 * mm),
        Paragraph(_escape(f"乙方签名：{signer}"), body),
        _image(signature, 60 * mm, 25 * mm),
        Paragraph(_escape(f"签署时间：{signed_at_local}"), body),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title="劳动合同", author="floorhr", leftMargin=20 * mm, rightMargin=20 * mm
    ).build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chain_hash(previous_hash: str, document_sha256: str, signed_at: datetime) -> str:
    """The link of the archive's hash chain: altering a PDF, its time or the order breaks every later link."""
    return sha256_hex(f"{previous_hash}{document_sha256}{signed_at.isoformat()}".encode())


def first_altered(links: list[tuple[bytes, str, str, str, datetime]]) -> int | None:
    """The 1-based position of the first contract of one node's chain that no longer matches, None when intact.

    links are (pdf, sha256, previous_hash, chain_hash, signed_at) in signing order: each PDF must still have
    its SHA-256, point at the link before it (GENESIS for the first) and give its chain hash; a change to a
    PDF, a time or the order breaks that link (RULES.md, electronic contracts kept unaltered).
    """
    previous = GENESIS
    for position, (pdf, digest, previous_hash, stored_chain, signed_at) in enumerate(links, start=1):
        if (
            sha256_hex(pdf) != digest
            or previous_hash != previous
            or chain_hash(previous, digest, signed_at) != stored_chain
        ):
            return position
        previous = stored_chain
    return None
