"""Stored files of feature apps, for the admin's file view (``/admin/media/<storage name>``,
:func:`cms.media.views.admin_file`).

``cms.media`` knows the files of images and documents. A feature app whose model stores
files in the same storage (the videos: originals, renditions, captions) registers, from its
``AppConfig.ready()``, a *lookup*: a function given a storage name (``"videos/…"``) that
returns a :class:`StoredFile` when the name is one of its files, or ``None`` (cheaply: test
the name's folder before any query). The admin view asks the lookups in the order of their
registration, then images and documents; a file is sent only if the lookup's ``may_see``
allows the user, and answers 404 otherwise, as an unknown name does::

    # videos/apps.py, in ready()
    from cms.media.stored import register_stored
    register_stored(stored_video_file)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredFile:
    """A stored file of a feature app's object.

    ``owner``: the object the file belongs to (a video); ``file``: its ``FieldFile`` (sent
    from ``file.path``); ``content_type``: the ``Content-Type`` to send it with;
    ``attachment_name``: the file name offered for download, or ``None`` to send it inline;
    ``may_see(user, owner) -> bool``: whether this user of the admin may get it.
    """

    owner: Any
    file: Any
    content_type: str
    attachment_name: str | None
    may_see: Callable[[Any, Any], bool]


#: A lookup: storage name -> the file, or ``None`` when the name is not one of its files.
Lookup = Callable[[str], StoredFile | None]

_lookups: list[Lookup] = []


def register_stored(lookup: Lookup) -> None:
    """Make the admin's file view ask ``lookup`` for every storage name (once per lookup,
    however often it is registered)."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def find_stored(name: str) -> StoredFile | None:
    """The file stored as ``name`` according to the first registered lookup that knows it,
    or ``None``."""
    for lookup in _lookups:
        found = lookup(name)
        if found is not None:
            return found
    return None
