"""The live preview answers only its own address: no other web page (DNS rebinding, a foreign ``Host``) reads
a page, a draft or the event stream; bad paths get 400 without a traceback; no symlink leads out of ``output/``.

Real HTTP requests to a running ``make devserver`` (bound to every interface, as on a home network, with one
more name allowed), with ``http.client`` setting the ``Host`` header as another site's page would.
"""

from __future__ import annotations

import http.client
import os

import pytest

from tests.previewrun import copy_site, start_preview

pytestmark = pytest.mark.slow

ALLOWED = "slow-mending.home.arpa"
DRAFT_URL = "/drafts/ivig-month-9/"
DRAFT_TEXT = b"the fever count is not final yet"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview-security")
    settings = copy_site(folder)
    running = start_preview(folder, settings, via_make=True, bind="0.0.0.0", options=(f"--allow-host={ALLOWED}",))
    yield running
    running.stop()


def events_status(preview, host: str) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and first bytes of the event stream as a tab under ``host`` would open it."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    try:
        connection.request("GET", f"/__preview/events?page={DRAFT_URL}", headers={"Host": host})
        response = connection.getresponse()
        headers = {key.lower(): value for key, value in response.getheaders()}
        return response.status, headers, response.read(200) if response.status != 200 else response.read1(200)
    finally:
        connection.close()


def test_its_own_addresses_and_an_allowed_name_are_served(preview):
    assert preview.get(DRAFT_URL)[0] == 200 and DRAFT_TEXT in preview.get(DRAFT_URL)[2]
    for host in (f"localhost:{preview.port}", f"0.0.0.0:{preview.port}", f"{ALLOWED}:{preview.port}"):
        status, _headers, body = preview.get(DRAFT_URL, headers={"Host": host})
        assert status == 200, host
        assert DRAFT_TEXT in body
    status, headers, _body = events_status(preview, f"{ALLOWED}:{preview.port}")
    assert status == 200 and headers["content-type"] == "text/event-stream"


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "127.0.0.1.evil.example:{port}",
        "localhost:1",
        "",
        ALLOWED + ".evil:{port}",
    ],
)
def test_a_foreign_host_gets_421_for_pages_drafts_and_the_event_stream(preview, host):
    host = host.format(port=preview.port)
    for path in ("/", DRAFT_URL, "/theme/css/main.css", "/no/such/page/"):
        status, _headers, body = preview.get(path, headers={"Host": host})
        assert status == 421, (host, path)
        assert DRAFT_TEXT not in body and b"<h1" not in body
    assert preview.get(DRAFT_URL, method="HEAD", headers={"Host": host})[:3:2] == (421, b"")
    status, headers, body = events_status(preview, host)
    assert status == 421
    assert headers["content-type"].startswith("text/plain") and b"event:" not in body
    assert "refused a request for Host" in preview.log()
    assert "Traceback" not in preview.log()


def test_no_cors_headers_even_when_another_origin_asks(preview):
    for path in ("/", DRAFT_URL, "/search.json", "/no/such/page/"):
        for method in ("GET", "OPTIONS"):
            _status, headers, _body = preview.get(
                path, method=method, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
            )
            assert not [name for name in headers if name.startswith("access-control-")], (path, method, headers)


@pytest.mark.parametrize("path", ["/%00", "/about/%00/", "/%00.html", "/a%0Ab/", "/%ff%fe/", "/about%2f%00"])
def test_an_invalid_path_gets_400_and_no_traceback(preview, path):
    status, _headers, body = preview.get(path)
    assert status == 400
    assert b"Traceback" not in body
    assert preview.get("/")[0] == 200  # still serving
    assert "Traceback" not in preview.log() and "Error" not in preview.log()


def test_an_invalid_page_in_the_event_stream_is_refused_without_a_traceback(preview):
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    try:
        connection.request("GET", "/__preview/events?page=/%00&served=x")
        response = connection.getresponse()
        assert response.status == 200
        lines = [response.fp.readline() for _ in range(5)]  # retry, connected, blank, then the first event
        assert b"event: build-ok\n" in lines
    finally:
        connection.close()
    assert "Traceback" not in preview.log()


def test_a_symlink_out_of_output_is_never_followed(preview, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0 the secret\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("<h1>outside the site</h1>", encoding="utf-8")
    (preview.output / "passwd.txt").symlink_to("/etc/passwd")
    (preview.output / "secret.txt").symlink_to(secret)
    (preview.output / "elsewhere").symlink_to(outside)
    (preview.output / "same-site.html").symlink_to(preview.output / "404.html")  # inside output/: fine
    try:
        for path in ("/passwd.txt", "/secret.txt", "/elsewhere/", "/elsewhere/index.html", "/elsewhere"):
            status, _headers, body = preview.get(path)
            assert status == 404, path
            assert b"root:x:0:0" not in body and b"outside the site" not in body
        assert preview.get("/same-site.html")[0] == 200
    finally:
        for name in ("passwd.txt", "secret.txt", "elsewhere", "same-site.html"):
            os.unlink(preview.output / name)
