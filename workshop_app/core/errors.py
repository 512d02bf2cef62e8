"""Errors a user can act on. Each carries one plain sentence that says what happened and what to do.

Anything else that goes wrong is a bug and is handled by the crash reporters in the UI and CLI.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem caused by input or circumstances, explained in a sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """A value that does not fit the field it was meant for."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem


class LockedError(UserError):
    """An attempt to change a signed-off revision."""


class NotFoundError(UserError):
    """A workshop or item that does not exist (any more)."""
