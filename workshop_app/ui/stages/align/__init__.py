"""The Align & prioritise stage: the page (page.py), alignment matrix, priority ranking and
value/effort chart."""
