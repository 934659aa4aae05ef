"""The scopes a token may hold, registered by the feature apps in ``AppConfig.ready()``.

A scope is a short code such as ``"planner:read"`` with a French label for the admin.
"""

from __future__ import annotations

_SCOPES: dict[str, str] = {}


def register(code: str, label: str) -> None:
    """Declare the scope ``code`` (``"<api>:<access>"``), shown in the admin as ``label``."""
    _SCOPES[code] = label


def choices() -> list[tuple[str, str]]:
    """``(code, label)`` of every registered scope, sorted by code."""
    return sorted(_SCOPES.items())


def label(code: str) -> str:
    """The label of ``code``, or the code itself for a scope no longer registered."""
    return str(_SCOPES.get(code, code))
