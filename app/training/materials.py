"""Course materials: PDFs, images and videos stored by SHA-256 under the data folder, type sniffed from the content
and size checked while streaming (a renamed executable or an oversized file stores nothing)."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

from litestar.exceptions import PermissionDeniedException

from app.audit import service as audit
from app.auth.service import CurrentUser
from app.db.tx import write_transaction
from app.i18n import N_
from app.timeutil import utcnow
from app.training import rules
from app.training.service import TrainingError, _require, get_course
from app.training.tables import CourseMaterial

CHUNK = 1024 * 1024


def material_dir(data_dir: Path) -> Path:
    folder = data_dir / "materials"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def materials(course_id: int) -> list[dict[str, Any]]:
    return (
        await CourseMaterial.select()
        .where(CourseMaterial.course == course_id)
        .order_by(CourseMaterial.uploaded_at)
        .run()
    )


def _store(data_dir: Path, source: IO[bytes]) -> tuple[str, int]:
    """Copy to a temporary file while hashing, then move into place under the hash (the same file once)."""
    folder = material_dir(data_dir)
    digest, size = hashlib.sha256(), 0
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, prefix=".upload-") as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    sha = digest.hexdigest()
    shutil.move(target.name, folder / sha)
    return sha, size


async def add_material(
    viewer: rules.Viewer, data_dir: Path, course_id: int, filename: str, source: IO[bytes], user: CurrentUser
) -> int:
    """Check the file's real type and size before anything is written; refused files leave no trace."""
    course = await get_course(course_id)
    if course is None:
        raise TrainingError(N_("This course no longer exists."))
    _require(rules.can_manage_course(viewer, course["kind"], course["department"]))
    source.seek(0, 2)
    size = source.tell()
    source.seek(0)
    check = rules.check_material(filename, source.read(16), size)
    if check.problem:
        raise TrainingError(check.problem)
    source.seek(0)
    sha, size = _store(data_dir, source)
    name = Path(filename).name[:200]
    async with write_transaction():
        material = CourseMaterial(
            course=course_id,
            filename=name,
            content_type=check.content_type,
            size=size,
            sha256=sha,
            uploaded_by=user.id,
            uploaded_at=utcnow(),
        )
        await material.save().run()
        await audit.record(user.actor, "upload", "course", course_id, after={"material": name, "sha256": sha})
    return material.id


async def get_material(material_id: int) -> dict[str, Any] | None:
    return await CourseMaterial.select().where(CourseMaterial.id == material_id).first().run()


async def delete_material(viewer: rules.Viewer, data_dir: Path, material_id: int, user: CurrentUser) -> None:
    material = await get_material(material_id)
    if material is None:
        return
    course = await get_course(material["course"])
    if not rules.can_delete_material(viewer, course["kind"], course["department"]):
        raise PermissionDeniedException(N_("Only the department that teaches this course may delete its material."))
    async with write_transaction():
        await CourseMaterial.delete().where(CourseMaterial.id == material_id).run()
        await audit.record(
            user.actor,
            "delete",
            "course",
            course["id"],
            before={"material": material["filename"], "sha256": material["sha256"]},
        )
        still_used = await CourseMaterial.exists().where(CourseMaterial.sha256 == material["sha256"]).run()
    if not still_used:
        (material_dir(data_dir) / material["sha256"]).unlink(missing_ok=True)


# Quiz -------------------------------------------------------------------------------------------
