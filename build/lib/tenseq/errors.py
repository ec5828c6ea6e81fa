"""Errors raised for bad user input.

Every message names the file, the row or field, and the fix, so a user can
correct a sample sheet or config without reading code.
"""

from __future__ import annotations


class InputError(ValueError):
    """A user-supplied file or setting is wrong; raised before any job runs."""

    def __init__(
        self,
        file: str | None,
        problem: str,
        fix: str,
        *,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.fix = fix
        self.row = row
        self.field = field
        super().__init__(self._format())

    def _format(self) -> str:
        where = [str(self.file)] if self.file else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        location = ", ".join(where)
        prefix = f"{location}: " if location else ""
        return f"{prefix}{self.problem}\n  Fix: {self.fix}"
