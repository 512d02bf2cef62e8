"""The Requests stage: fast capture of what each division asks for (page.py)."""
