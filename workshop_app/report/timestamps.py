"""Optional trusted time: an RFC 3161 timestamp on the signature (PAdES B-T) where a timestamp
service is configured and reachable.

The service is named by `--timestamp-url` on the command line or the ``WORKSHOP_APP_TSA_URL``
environment variable (the app reads it too). Nothing is fetched otherwise: the app works
offline, and then the signature stays B-B, its time being the signer's own clock, which the
export and `verify` both say. A configured service that cannot be reached does not stop the
export: the summary is signed B-B and the caller is told why.

The request goes out with the standard library (``urllib``), so no HTTP client is added for it.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from asyncio import to_thread
from typing import Any

from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers

TSA_ENV = "WORKSHOP_APP_TSA_URL"
TIMEOUT_SECONDS = 10
MAX_REPLY_BYTES = 1024 * 1024  # a timestamp reply is a few kilobytes


def configured_url(explicit: str | None = None) -> str:
    """The timestamp service to use: `explicit` if given, else the environment's, else ""."""
    url = explicit if explicit is not None else os.environ.get(TSA_ENV, "")
    url = url.strip()
    if url and not url.startswith(("http://", "https://")):
        from workshop_app.core.errors import UserError

        raise UserError(f"The timestamp service must be an http:// or https:// address: {url}")
    return url


class UrlTimeStamper(TimeStamper):
    """pyHanko's timestamp client over ``urllib``: one POST of the DER request per signature."""

    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        super().__init__()
        self.url = url
        self.timeout = timeout

    async def async_request_tsa_response(self, req: Any) -> Any:
        return await to_thread(self._post, req.dump())

    def _post(self, body: bytes) -> Any:
        from asn1crypto import tsp

        request = urllib.request.Request(
            self.url, data=body, headers=set_tsp_headers({}), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                kind = reply.headers.get("Content-Type", "")
                data = reply.read(MAX_REPLY_BYTES + 1)
        except (OSError, urllib.error.URLError) as exc:
            why = getattr(exc, "reason", None) or exc
            raise TimestampRequestError(
                f"the timestamp service at {self.url} could not be reached ({why})"
            ) from None
        if kind != "application/timestamp-reply" or len(data) > MAX_REPLY_BYTES:
            raise TimestampRequestError("the timestamp service did not answer with a timestamp")
        return tsp.TimeStampResp.load(data)
