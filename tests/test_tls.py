"""The office's own certificate, and a kiosk pinning it by fingerprint: the right certificate is trusted, any
other refused, before a byte of the enrolment is sent."""

from __future__ import annotations

import os
import socket
import ssl
import stat
import threading

import httpx
import pytest

from app import tls

pytestmark = pytest.mark.real_clock  # OpenSSL checks the certificate against the machine's clock, not the tests'


@pytest.fixture
def office(tmp_path):
    """A TLS server on 127.0.0.1 with a certificate made by ensure_certificate; answers one line per connection."""
    cert, key = tls.ensure_certificate(tmp_path / "tls")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                with context.wrap_socket(connection, server_side=True) as secure:
                    secure.recv(4096)
                    secure.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            except (ssl.SSLError, OSError):
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{port}", cert.read_text()
    stop.set()
    thread.join(timeout=2)
    listener.close()


def test_the_certificate_is_made_once_with_private_files(tmp_path):
    cert, key = tls.ensure_certificate(tmp_path / "tls")
    first = cert.read_text()
    assert tls.ensure_certificate(tmp_path / "tls")[0].read_text() == first  # kept, not replaced
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600 and stat.S_IMODE(os.stat(tmp_path / "tls").st_mode) == 0o700
    assert len(tls.fingerprint(first)) == 64


def test_a_kiosk_pinning_the_right_fingerprint_talks_to_the_office(office):
    url, pem = office
    pin = tls.short(tls.fingerprint(pem))
    trusted = tls.fetch_pinned(url, pin)
    response = httpx.get(url, verify=tls.pinned_context(trusted))
    assert response.text == "ok"


def test_a_wrong_fingerprint_is_refused_before_anything_is_sent(office, tmp_path):
    url, _ = office
    other, _ = tls.ensure_certificate(tmp_path / "other")
    with pytest.raises(tls.PinMismatch):
        tls.fetch_pinned(url, tls.short(tls.fingerprint(other.read_text())))


def test_a_context_pinned_to_another_certificate_refuses_the_connection(office, tmp_path):
    url, _ = office
    other, _ = tls.ensure_certificate(tmp_path / "other")
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, verify=tls.pinned_context(other.read_text()))
