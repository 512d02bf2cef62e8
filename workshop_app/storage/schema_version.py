"""The newest schema revision, read from the migration scripts without importing Alembic.

Start-up compares it with the database's `alembic_version` (one query) and only imports Alembic
when they differ; the library list read at start-up (storage/catalog.py) uses it to know that the
columns it reads are the ones it expects.
"""

from __future__ import annotations

import ast
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


#: A line at the start of which a script assigns its revision or the one before it.
_ASSIGNMENT = re.compile(r"^(?:revision|down_revision)\s*(?::[^=\n]*)?=.*$", re.MULTILINE)


@functools.cache
def _declared_chain(folder: Path) -> dict[str, str | None] | None:
    """Each script's revision and the revision before it."""
    chain: dict[str, str | None] = {}
    for script in sorted((folder / "versions").glob("*.py")):
        if script.name.startswith("__"):
            continue
        try:
            # Only the lines that assign the two names, each parsed as a statement: parsing
            # every script whole took a few milliseconds of every command's start. A line that
            # is not a whole statement on its own (an assignment over several lines) is a
            # SyntaxError here, so the answer is None and Alembic decides.
            lines = _ASSIGNMENT.findall(script.read_text(encoding="utf-8"))
            tree = ast.parse("\n".join(lines))
        except (OSError, SyntaxError, ValueError):
            return None
        found: dict[str, object] = {}
        for node in tree.body:
            target: ast.expr | None = None
            if isinstance(node, ast.AnnAssign):
                target = node.target
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
            value = getattr(node, "value", None)
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                if not isinstance(value, ast.Constant):
                    return None
                found[target.id] = value.value
        revision, parent = found.get("revision", 0), found.get("down_revision", 0)
        if not isinstance(revision, str) or not (parent is None or isinstance(parent, str)):
            return None
        chain[revision] = parent
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
