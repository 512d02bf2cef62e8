"""The Setup stage: title, division, date, participants and agenda (page.py)."""
