"""The Goals stage: company and division goals (page.py)."""
