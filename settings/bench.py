"""Benchmark only (``bench/api.py``, ``bench/search.py``): production's settings, plus
the stock Wagtail APIs (v2 and the v3 preview), Wagtail's stock search and a trivial JSON
view, mounted beside ours (``bench/urls.py``) so that they are measured on the same
server, over the same pages. Never deployed."""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "wagtail.api.v3"]
ROOT_URLCONF = "bench.urls"
WAGTAILAPI_BASE_URL = "http://127.0.0.1"
