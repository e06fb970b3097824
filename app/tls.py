"""TLS on the plant's LAN without a certificate authority: the office makes its own certificate on first run
(or uses one the plant supplies), and a kiosk pins that exact certificate by its SHA-256 fingerprint, which
travels inside the enrolment code HR reads off the office's screen.

Pinning one certificate is stronger than a CA here: nobody else on the LAN can present it, whatever their name.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

VALID_DAYS = 3650  # a plant's office PC; renewing means re-enrolling kiosks, so a long life on purpose


def _names(extra: list[str]) -> tuple[list[str], list[ipaddress._BaseAddress]]:
    names = {"localhost", socket.gethostname(), *[name for name in extra if not _is_ip(name)]}
    addresses = {"127.0.0.1", *[name for name in extra if _is_ip(name)]}
    try:
        addresses |= set(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    return sorted(names), [ipaddress.ip_address(address) for address in sorted(addresses)]


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def ensure_certificate(folder: Path, hosts: list[str] | None = None) -> tuple[Path, Path]:
    """(certificate, key) in folder, made once: an EC P-256 key and a self-signed certificate for this PC's
    names and addresses (and hosts), valid ten years. An existing pair is kept as it is."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    names, addresses = _names(hosts or [])
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "floorhr office"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "floorhr"),
        ]
    )
    now = datetime.now(UTC)
    alternative = [x509.DNSName(name) for name in names] + [x509.IPAddress(address) for address in addresses]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alternative), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    _write_private(
        key_path,
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )
    _write_private(cert_path, certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def fingerprint(pem: str | bytes) -> str:
    """SHA-256 of the certificate's DER bytes, as 64 lowercase hex digits."""
    text = pem.decode() if isinstance(pem, bytes) else pem
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(text)).hexdigest()


def short(fingerprint_hex: str) -> str:
    """The part of a fingerprint an enrolment code carries: 32 hex digits (128 bits), in groups HR can read."""
    head = fingerprint_hex[:32].upper()
    return "-".join(head[index : index + 8] for index in range(0, 32, 8))


def matches(fingerprint_hex: str, pinned: str) -> bool:
    return fingerprint_hex[:32].upper() == pinned.replace("-", "").upper()[:32] and len(pinned.replace("-", "")) >= 32


class PinMismatch(Exception):
    """The server presented another certificate than the one the enrolment code names."""


def fetch_pinned(url: str, pinned: str, timeout: float = 10) -> str:
    """The office's certificate (PEM) when its fingerprint matches the pin, else PinMismatch."""
    parts = urlsplit(url)
    pem = ssl.get_server_certificate((parts.hostname, parts.port or 443), timeout=timeout)
    if not matches(fingerprint(pem), pinned):
        raise PinMismatch(
            f"the office at {parts.hostname} presented certificate {short(fingerprint(pem))}, not {pinned}"
        )
    return pem


def pinned_context(pem: str) -> ssl.SSLContext:
    """A client context that trusts exactly this certificate (names are not checked: the pin is the identity)."""
    context = ssl.create_default_context(cadata=pem)
    context.check_hostname = False
    return context


def office_pin(data_dir: Path) -> str | None:
    """The short fingerprint of the office's certificate (DATA_DIR/tls/cert.pem), None when it serves plain HTTP."""
    cert = data_dir / "tls" / "cert.pem"
    return short(fingerprint(cert.read_text())) if cert.exists() else None


def code_with_pin(code: str, pin: str | None) -> str:
    """The enrolment code HR reads out, carrying the certificate's fingerprint: ABCDE-FGHJK/1A2B3C4D-…"""
    return f"{code}/{pin}" if pin else code


def split_code(text: str) -> tuple[str, str | None]:
    code, _, pin = text.strip().partition("/")
    return code, pin or None
