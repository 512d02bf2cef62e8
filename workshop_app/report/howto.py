"""The section "How to check this document": what the sign-off page tells a reader.

Plain data (a heading and paragraphs of markup), so the PDF sets it with its own styles and the
wording can be tested without rendering. docs/checking.md says the same at more length.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

TITLE = "How to check this document"


def how_to_check(*, signed_off: bool, fingerprint: str = "") -> list[str]:
    """Paragraphs (markup) for the sign-off page. `fingerprint` is the signer's full certificate
    SHA-256 (colon-separated hex pairs); the visible stamp has room for its start only."""
    digest_line = (
        "The <b>document digest</b> in every footer is a SHA-256 over the workshop data embedded "
        "in this file (<i>workshop.json</i>): the content <i>and</i> the sign-off record above "
        "(status, signatures, stances and reservations). "
        "<i>workshop-app verify FILE.pdf</i> recomputes it."
    )
    if not signed_off:
        return [
            "This is a draft: it is not signed off and carries no digital signature. "
            + digest_line
            + " A digest catches accidents, not deliberate edits: anyone can recompute it."
        ]
    paragraphs = [
        "A signed-off summary always carries the digital signature of the person who exported "
        "it, covering every byte of the file. A copy that says “signed off” without a valid "
        "signature, or with anything added after signing, is not genuine. " + digest_line,
        "<b>Adobe Acrobat or Reader</b>: the blue ribbon bar says the document is "
        "<i>certified</i> by the signer, and the Signature panel says the document has not been "
        "modified since the signature was applied. Until you trust the signer’s certificate it "
        "adds that the signer’s identity is unknown (or “validity is unknown”): that is about "
        "<i>who</i> signed, not about changes.",
        "<b>poppler</b>: <i>pdfsig FILE.pdf</i> lists "
        "“Total document signed” and “Signature is Valid.”; for a self-signed certificate it "
        "adds “Certificate issuer isn’t Trusted.” Any other result, or a second signature, "
        "means the file is not what was signed.",
    ]
    if fingerprint:
        paragraphs.append(
            "<b>The signer’s certificate</b> (SHA-256 fingerprint, in full):<br/>"
            f"<font size='7'>{escape(fingerprint)}</font><br/>"
            "Compare it with the fingerprint your organisation publishes for the signer; the "
            "stamp shows only its beginning."
        )
    paragraphs.append(
        "<b>Trusting your company’s certificate</b>: give readers the signer’s certificate file "
        "(<i>identity.crt</i>) or your company’s CA certificate. "
        "<i>workshop-app verify FILE.pdf --trust identity.crt</i> "
        "then checks who signed; in Acrobat, Preferences › Signatures › Identities &amp; "
        "Trusted Certificates › Import it and allow it as a trusted root and for certified "
        "documents; for pdfsig, import it into an NSS database "
        "(<i>certutil -A -d sql:DIR -n signer -t C,C,C -i "
        "identity.crt</i>) and run <i>pdfsig -nssdir sql:DIR</i>."
    )
    return paragraphs
