"""Demo content: governments, ministries, topics, media, news and one account per role.

``seed_demo`` is idempotent: every object is looked up by its natural key (label, slug
and locale, title, slug under its parent, username) and only created when missing, so a
second run creates nothing. Everything is generated locally and deterministically: images
are drawn with Pillow, documents written by hand, and the news plan comes from
``random.Random(SEED)`` and fixed dates, never from the current date.

Modules: ``content`` (the French data), ``planning`` (the news plan), ``media`` (generated
images and documents), ``bodies`` and ``pages`` (the news pages), ``builder`` (the
``seed_demo`` transaction) and ``summary`` (what a run reports).
"""

from cms.demo.builder import seed_demo
from cms.demo.content import DEMO_MINISTRY_SLUG
from cms.demo.summary import DemoAccount, DemoContentError, DemoSummary, StepCallback

__all__ = [
    "DEMO_MINISTRY_SLUG",
    "DemoAccount",
    "DemoContentError",
    "DemoSummary",
    "StepCallback",
    "seed_demo",
]
