"""The Export stage: the page (page.py), background jobs, page preview and passphrase dialog (the
record of what was exported is the window's: ui/export_record.py)."""
