"""Certificate names in every script: "Acme شركة", "Yossi יוסי" and "Zoë 🚀" sign and verify.

pyHanko compares certificate names (issuer with subject, a certificate with the ones it knows)
through asn1crypto, which prepares each name for comparison as RFC 4518 describes (case folding,
NFKC, spaces) but then refuses two kinds of ordinary names with a ValueError:

* a name that mixes right-to-left and left-to-right letters ("Acme شركة"): asn1crypto applies
  the bidi rule of RFC 3454 section 6, although RFC 4518 section 2.5 says bidirectional
  characters are ignored when preparing names;
* a name holding a character added to Unicode after version 3.2 of 2002, such as every emoji
  ("Zoë 🚀"): RFC 3454's table of unassigned code points is frozen at Unicode 3.2.

The ValueError ended every signing and every check of such a certificate. `allow_any_name`
keeps asn1crypto's preparation for every name it accepts and, for these, compares the same
case-folded NFKC form with the same space handling instead of refusing. Matching names is not a
trust decision: the signatures along a chain are still checked cryptographically.
"""

from __future__ import annotations

import stringprep
import threading
import unicodedata
from collections.abc import Callable
from typing import Any

from asn1crypto import x509 as asn1_x509

_lock = threading.Lock()


def allow_any_name() -> None:
    """Let asn1crypto compare every certificate name a person can type (idempotent)."""
    with _lock:
        current = getattr(asn1_x509.NameTypeAndValue, "_ldap_string_prep", None)
        if current is None or getattr(current, "_workshop_app_lenient", False):
            return  # already lenient, or an asn1crypto that prepares names differently
        asn1_x509.NameTypeAndValue._ldap_string_prep = _lenient(current)


def _lenient(strict: Callable[[Any, str], str]) -> Callable[[Any, str], str]:
    def prepare(self: Any, string: str) -> str:
        try:
            return strict(self, string)
        except ValueError:
            return comparison_form(string)

    prepare._workshop_app_lenient = True  # type: ignore[attr-defined]
    return prepare


def comparison_form(string: str) -> str:
    """RFC 4518's mapping (case folding), NFKC and insignificant-space handling, as asn1crypto
    does them, without the prohibitions that refuse ordinary names."""
    folded = unicodedata.normalize("NFKC", "".join(map(stringprep.map_table_b2, string)))
    return " " + "  ".join(folded.split()) + " "
