"""Public paths and front-end URLs of pages.

A page's public path is its place under its language's home page, with the language as a
prefix for every language but the default one (French): ``/actualites/mon-article/``,
``/en/news/my-article/``. The front end serves it under its site's base URL
(``FRONTEND_BASE_URLS``, else ``FRONTEND_BASE_URL``). The rule is ``cms.pages``', so the
admin's "live" links and the API's URLs are the same.
"""

from __future__ import annotations

from cms.pages import frontend_base_url, public_path_of


def public_path(page) -> str:
    """The public path of ``page`` (a ``Page``): see the module. The home itself is ``/``."""
    return public_path_of(page.url_path, page.locale.language_code)


def frontend_url(path: str) -> str:
    """The absolute URL of a public ``path`` on the default front end
    (``FRONTEND_BASE_URL`` + path)."""
    return frontend_base_url() + path


def page_url(page) -> str:
    """The canonical front-end URL of ``page``: on its site's front end (Wagtail's
    ``full_url``, ``cms.pages.HeadlessPage``), on the default one outside every site."""
    return page.full_url or frontend_url(public_path(page))
