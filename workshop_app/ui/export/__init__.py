"""The pieces of the Export stage: background jobs, the page preview, the passphrase dialog and
the record of what was exported. The stage itself is `workshop_app.ui.stages.export`."""
