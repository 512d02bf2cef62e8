"""The Decide stage: the page (page.py), request list, decision card, decision buttons and
action items."""
