"""The sign-off stage's parts: signature pad, participants, panels, audit log, identity and
verification dialogs."""
