"""The newest schema revision, read from the migration scripts without importing Alembic.

Start-up compares it with the database's `alembic_version` (one query) and only imports Alembic
when they differ; the library list read at start-up (storage/catalog.py) uses it to know that the
columns it reads are the ones it expects.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path


def migrations_folder() -> Path:
    """Where the migration scripts are."""
    return Path(__file__).resolve().parent / "migrations"


@functools.cache  # the scripts do not change while the app runs; the list reads it per search
def declared_head(folder: Path) -> str | None:
    """The newest revision, read from the scripts without Alembic; None when unsure (a script
    that does not simply assign both names, a branch), so that Alembic decides."""
    chain = _declared_chain(folder)
    if chain is None:
        return None
    revisions, parents = set(chain), {p for p in chain.values() if p is not None}
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def declared_revisions(folder: Path) -> frozenset[str] | None:
    """Every revision the scripts declare (None when unsure, as for declared_head)."""
    chain = _declared_chain(folder)
    return None if chain is None else frozenset(chain)


#: A line at the start of which a script assigns its revision or the one before it: the name
#: and what is assigned (a comment after it left out).
_ASSIGNMENT = re.compile(
    r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.*?)\s*(?:#[^\n]*)?$", re.MULTILINE
)
#: What such a line may assign for the answer to be sure: a plain string, or None.
_PLAIN = re.compile(r"""None|"([^"\\\n]*)"|'([^'\\\n]*)'""")


@functools.cache
def _declared_chain(folder: Path) -> dict[str, str | None] | None:
    """Each script's revision and the revision before it.

    Read from the lines that assign the two names, each value a plain string or None: anything
    else (a name, an expression, an assignment over several lines) makes the answer None, and
    Alembic decides. Parsing the scripts as Python took a few milliseconds of every start."""
    chain: dict[str, str | None] = {}
    for script in sorted((folder / "versions").glob("*.py")):
        if script.name.startswith("__"):
            continue
        try:
            assigned = _ASSIGNMENT.findall(script.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        found: dict[str, str | None] = {}
        for name, value in assigned:
            plain = _PLAIN.fullmatch(value)
            if plain is None:
                return None
            found[name] = None if value == "None" else plain.group(1) or plain.group(2) or ""
        if "revision" not in found or "down_revision" not in found:
            return None
        revision = found["revision"]
        if revision is None:
            return None
        chain[revision] = found["down_revision"]
    return chain


def require_head() -> str:
    """The newest revision, or StorageError (one sentence) when the app was installed without
    its migration scripts. Checked before anything starts; Alembic is imported only when the
    scripts do not answer simply."""
    head = declared_head(migrations_folder())
    if head is not None:
        return head
    from workshop_app.storage import migrate

    return migrate.head_revision()
