"""What may be uploaded, by whom: the kinds of upload the feature apps register.

A feature app registers its kind in ``AppConfig.ready()``::

    from cms.uploads.kinds import UploadKind, register

    register(UploadKind(name="video", permission="videos.add_video"))

The tus endpoint of a kind is ``/admin/uploads/<name>/`` (``cms.uploads.urls``); only
users with admin access and the kind's permission may use it, and a form claims the
finished upload for the same kind only (``cms.uploads.services.claim``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

__all__ = ["UploadKind", "get", "register", "unregister"]

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_registry: dict[str, UploadKind] = {}


@dataclass(frozen=True)
class UploadKind:
    """A kind of upload.

    ``name``: the URL segment and the value stored on each upload (``[a-z][a-z0-9-]*``,
    at most 40 characters). ``permission``: the ``app_label.codename`` a user needs to
    upload (and to resume or cancel their own uploads). ``max_size``: the largest file, in
    bytes; ``None`` takes ``settings.UPLOAD_MAX_SIZE`` (read at each request).
    """

    name: str
    permission: str
    max_size: int | None = None

    def __post_init__(self):
        if not _NAME.match(self.name):
            raise ValueError(f"Upload kind name {self.name!r} must match {_NAME.pattern}.")
        if self.max_size is not None and self.max_size <= 0:
            raise ValueError(f"Upload kind {self.name!r}: max_size must be positive.")

    @property
    def size_limit(self) -> int:
        """The largest file of this kind, in bytes."""
        return self.max_size if self.max_size is not None else settings.UPLOAD_MAX_SIZE


def register(kind: UploadKind) -> None:
    """Register ``kind``; raises ``ValueError`` if another kind has its name."""
    existing = _registry.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"Upload kind {kind.name!r} is already registered.")
    _registry[kind.name] = kind


def unregister(name: str) -> None:
    """Forget the kind ``name`` (tests); nothing happens if it is unknown."""
    _registry.pop(name, None)


def get(name: str) -> UploadKind | None:
    """The kind registered as ``name``, or ``None``."""
    return _registry.get(name)
