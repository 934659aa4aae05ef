"""Imported once by the fork server of :mod:`videos.processing.lowpriority`, before it
forks any child: Django set up (for the French messages children raise) and PyAV loaded,
so that a child starts ready."""

import os

import django

import videos.processing.transcode  # noqa: F401 (loaded once, in the fork server)

if os.environ.get("DJANGO_SETTINGS_MODULE"):
    django.setup()
