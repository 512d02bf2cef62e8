"""The Sign-off stage: the page (page.py), signature pad, participants, panels, audit log, identity
and verification dialogs."""
