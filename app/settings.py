"""Settings read from FLOORHR_* environment variables, with the installation's secret key."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
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
    decode_budget_ms: float = 60.0  # the kiosk camera's decoding time per frame (kiosk/decode.py), in ms
    # Kiosk nodes only:
    node_id: str = ""  # FLOORHR_NODE_ID: this node's id on its scans (empty: the host name)
    camera: str = "0"  # FLOORHR_CAMERA: a camera index, a video file, or "none"
    sync: bool = True  # FLOORHR_SYNC=off: no sync agent in the serving process
    sync_interval_s: float = 3.0  # FLOORHR_SYNC_INTERVAL: online, push then pull every few seconds
    sync_batch: int = 500  # FLOORHR_SYNC_BATCH: events per push (the office takes at most 500)
    idcard_library: str = ""  # FLOORHR_IDCARD_LIBRARY: the ID card reader vendor's SDT library
    idcard_file: str = ""  # FLOORHR_IDCARD_FILE: the text block file a reader's vendor tool writes
    # FLOORHR_BACKUP_* as given (folder, second copy, time, retention, passphrase, nightly on/off): read here,
    # parsed and checked by app.ops.backup.BackupConfig, which knows what each means.
    backup_env: dict[str, str] = field(default_factory=dict)
    tls: bool = False  # FLOORHR_TLS=1 or `floorhr serve --tls`: HTTPS with DATA_DIR/tls/cert.pem; cookies Secure

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
            decode_budget_ms=_decode_budget(env.get("FLOORHR_DECODE_BUDGET_MS", "60")),
            backup_env={key: value for key, value in env.items() if key.startswith("FLOORHR_BACKUP_")},
            tls=env.get("FLOORHR_TLS", "") == "1",
            **_kiosk_settings(env),
        )


def _number(env: dict[str, str], name: str, default: str, kind: type, low: float, high: float):
    try:
        value = kind(env.get(name, default))
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {env.get(name)!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _kiosk_settings(env: dict[str, str]) -> dict:
    return {
        "node_id": env.get("FLOORHR_NODE_ID", ""),
        "camera": env.get("FLOORHR_CAMERA", "0"),
        "sync": env.get("FLOORHR_SYNC", "on") != "off",
        "sync_interval_s": _number(env, "FLOORHR_SYNC_INTERVAL", "3", float, 0.05, 3600),
        "sync_batch": _number(env, "FLOORHR_SYNC_BATCH", "500", int, 1, 500),
        "idcard_library": env.get("FLOORHR_IDCARD_LIBRARY", ""),
        "idcard_file": env.get("FLOORHR_IDCARD_FILE", ""),
    }


def _decode_budget(value: str) -> float:
    """FLOORHR_DECODE_BUDGET_MS: the camera's decoding time per frame, 1 to 10000 ms."""
    try:
        budget = float(value)
    except ValueError:
        budget = 0.0
    if not 1 <= budget <= 10_000:  # also refuses nan and inf
        raise SettingsError(f"FLOORHR_DECODE_BUDGET_MS must be a number of milliseconds from 1 to 10000, not {value!r}")
    return budget


def load_or_create_secret(path: Path) -> bytes:
    """Read the installation secret, creating it (mode 0600) on first run.

    It signs badges and sessions: losing it invalidates every printed badge, so it is
    created once and never rotated silently.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # the data folder: private from the start
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text().strip()
        if len(secret) < 32:
            raise SettingsError(
                f"the secret key file {path} is too short; it must hold at least 32 characters"
            ) from None
        return secret.encode()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return path.read_text().strip().encode()
