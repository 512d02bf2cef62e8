"""Optional trusted time: with a timestamp service that answers, the signature carries an RFC 3161
timestamp (PAdES B-T) and `verify` names it; without one (or when it cannot be reached) the
summary is still signed, B-B, and both the export and `verify` say the time is the signer's own
clock. The service here is a real HTTP server on the loopback interface, never the internet."""

from __future__ import annotations

import datetime as dt
import io
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from tests.unit.test_signing_support import PASSPHRASE, make_identity, signed_off
from workshop_app.cli import main
from workshop_app.report.signing import export_signed_pdf
from workshop_app.report.verify import verify_pdf
from workshop_app.storage.operations import Library

TSA_NAME = "Loopback Test TSA"


def _tsa_stamper() -> DummyTimeStamper:
    """A timestamp authority, self-signed, for time stamping only (RSA: pyHanko's test TSA
    signs with nothing else)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, TSA_NAME)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(der_key),
    )


@pytest.fixture(scope="module")
def tsa_url() -> Iterator[str]:
    """An RFC 3161 service over HTTP on 127.0.0.1, for this module only."""
    stamper = _tsa_stamper()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def closed_url() -> str:
    """A loopback address where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


def test_a_reachable_timestamp_service_adds_trusted_time(
    library: Library, demo_id: str, tmp_path: Path, tsa_url: str
) -> None:
    workshop = signed_off(library, demo_id)
    heard: list[str] = []
    path = export_signed_pdf(
        workshop,
        tmp_path / "timed.pdf",
        make_identity(tmp_path),
        PASSPHRASE,
        timestamp_url=tsa_url,
        no_timestamp=heard.append,
    )
    assert heard == []
    verdict = verify_pdf(path.read_bytes())
    text = "\n".join(verdict.lines)
    assert verdict.ok, text
    assert "Trusted time: signed no later than" in text and TSA_NAME in text
    assert "PAdES B-T" in text and "own clock" not in text


def test_an_unreachable_service_still_signs_and_says_the_time_is_the_signers_clock(
    library: Library,
    demo_id: str,
    db_path: Path,
    tmp_path: Path,
    closed_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    signed_off(library, demo_id)
    make_identity(tmp_path)  # not the stored identity: the command line needs that one
    from workshop_app.report import identity as ids

    ids.create_identity("Alex Moreau", "Northwind", "", PASSPHRASE)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    out = tmp_path / "out"
    out.mkdir()
    argv = ["--db", str(db_path), "export-pdf", demo_id, "--out", str(out)]
    assert main([*argv, "--timestamp-url", closed_url]) == 0
    captured = capsys.readouterr()
    assert "signed without trusted time" in captured.err and "own clock" in captured.err
    verdict = verify_pdf(Path(captured.out.strip()).read_bytes())
    assert verdict.ok
    assert "by the signer's own clock: no trusted timestamp (PAdES B-B)" in "\n".join(verdict.lines)


def test_a_timestamp_service_must_be_a_web_address(
    library: Library, demo_id: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed_off(library, demo_id)
    argv = ["--db", str(db_path), "export-pdf", demo_id, "--timestamp-url", "file:///etc/passwd"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "must be an http:// or https:// address" in err and err.count("\n") == 1
