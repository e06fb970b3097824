"""Evidence for a leave (a photo of a doctor's note, a certificate): checked by its real content like course
material (app.training.rules.sniff), stored once under its SHA-256 in the data directory, audited."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.leave.tables import LeaveRequest
from app.training.rules import SUFFIXES, sniff

MAX_BYTES = 10 * 1024 * 1024  # a phone photo or a scanned page
ACCEPTED = ("image/jpeg", "image/png", "application/pdf")
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
MEDIA_TYPES = {extension: media for media, extension in EXTENSIONS.items()}
BAD_FILE = N_("Upload a photo (JPEG or PNG) or a PDF of at most 10 MB, whose name matches what it contains.")


def folder(data_dir: Path) -> Path:
    path = data_dir / "leave-evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check(filename: str, content: bytes) -> str:
    """The stored name (sha256.ext) for an acceptable file, else Refused: nothing is written for a refused file."""
    media = sniff(content[:16])
    if (
        not content
        or len(content) > MAX_BYTES
        or media not in ACCEPTED
        or not filename.lower().endswith(SUFFIXES[media])
    ):
        raise Refused(BAD_FILE, field="file")
    return f"{hashlib.sha256(content).hexdigest()}.{EXTENSIONS[media]}"


async def attach(request_id: uuid.UUID, data_dir: Path, filename: str, content: bytes, actor: audit.Actor) -> str:
    name = check(filename, content)
    (folder(data_dir) / name).write_bytes(content)
    async with write_transaction():
        await LeaveRequest.update({LeaveRequest.evidence: name}).where(LeaveRequest.id == request_id).run()
        await audit.record(
            actor,
            "leave.evidence",
            "leave_request",
            request_id,
            after={"evidence": name, "filename": Path(filename).name[:100]},
        )
    return name


def path_of(data_dir: Path, name: str) -> Path | None:
    path = folder(data_dir) / name
    return path if name and "/" not in name and path.is_file() else None
