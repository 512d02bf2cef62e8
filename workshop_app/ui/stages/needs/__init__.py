"""The Needs stage: the page (page.py), request list, why-ladder, probing panel and prompt cards."""
