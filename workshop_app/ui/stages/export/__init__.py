"""The Export stage: the page (page.py), background jobs, page preview, passphrase dialog and the
record of what was exported."""
