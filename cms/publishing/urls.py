"""Public paths and front-end URLs of pages.

A page's public path is its place under its language's home page, with the language as a
prefix for every language but the default one (French): ``/actualites/mon-article/``,
``/en/news/my-article/``. The front end serves it under ``FRONTEND_BASE_URL``.
"""

from __future__ import annotations

from django.conf import settings


def public_path(page) -> str:
    """The public path of ``page`` (a ``Page``): its ``url_path`` without the home's
    segment, the language prefixed outside the default one. The home itself is ``/``."""
    segments = page.url_path.strip("/").split("/")[1:]
    path = "/" + "".join(f"{segment}/" for segment in segments)
    language = page.locale.language_code
    if language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    return path


def frontend_url(path: str) -> str:
    """The absolute front-end URL of a public ``path`` (``FRONTEND_BASE_URL`` + path)."""
    return settings.FRONTEND_BASE_URL.rstrip("/") + path
