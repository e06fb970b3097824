"""Settings read from FLOORHR_* environment variables, with the installation's secret key."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROLES = ("office", "kiosk")
LANGUAGES = ("zh_CN", "en")
REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A FLOORHR_* variable has a value floorhr cannot use."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    role: str
    data_dir: Path
    secret_key: bytes
    lang: str
    tz: str
    debug: bool = False
    secret_file: Path | None = None  # where secret_key lives; a kiosk node replaces it with the office's at enrolment

    @property
    def database_kind(self) -> str:
        return "postgresql" if self.database_url.startswith("postgres") else "sqlite"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        data_dir = Path(env.get("FLOORHR_DATA_DIR", "var")).resolve()
        default_db = f"sqlite:///{data_dir / 'floorhr.sqlite3'}"
        url = env.get("FLOORHR_DATABASE_URL", default_db)
        if not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise SettingsError(f"FLOORHR_DATABASE_URL must start with sqlite:/// or postgresql://, not {url!r}")
        role = env.get("FLOORHR_ROLE", "office")
        if role not in ROLES:
            raise SettingsError(f"FLOORHR_ROLE must be one of {', '.join(ROLES)}, not {role!r}")
        lang = env.get("FLOORHR_LANG", "zh_CN")
        if lang not in LANGUAGES:
            raise SettingsError(f"FLOORHR_LANG must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        tz = env.get("FLOORHR_TZ", "Asia/Shanghai")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"FLOORHR_TZ is not a known time zone: {tz!r}") from exc
        secret_file = Path(env.get("FLOORHR_SECRET_FILE", data_dir / "secret.key"))
        return cls(
            database_url=url,
            role=role,
            data_dir=data_dir,
            secret_key=load_or_create_secret(secret_file),
            lang=lang,
            tz=tz,
            debug=env.get("FLOORHR_DEBUG", "") == "1",
            secret_file=secret_file,
        )


def load_or_create_secret(path: Path) -> bytes:
    """Read the installation secret, creating it (mode 0600) on first run.

    It signs badges and sessions: losing it invalidates every printed badge, so it is
    created once and never rotated silently.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text().strip()
        if len(secret) < 32:
            raise SettingsError(f"the secret key file {path} is too short; it must hold at least 32 characters") from None
        return secret.encode()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return path.read_text().strip().encode()
