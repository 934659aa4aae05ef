"""Where "Aperçu sur le site" leads, per site, and how long its token lasts."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

import pytest

from cms.previews.views import frontend_preview_url

ROOT = Path(__file__).resolve().parent.parent.parent


def preview_settings(**env: str) -> dict:
    """The preview settings that ``settings.test`` reads from ``env``."""
    code = (
        "import json, settings.test as s; print(json.dumps({'urls': "
        "s.WAGTAIL_HEADLESS_PREVIEW['CLIENT_URLS'], 'max_age': s.PREVIEW_TOKEN_MAX_AGE}))"
    )
    environment = {**os.environ, **env}
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_preview_urls_follow_the_front_ends_unless_given():
    loaded = preview_settings(
        FRONTEND_BASE_URL="https://www.info.gouv.fr",
        FRONTEND_BASE_URLS="sante.gouv.example=https://sante.gouv.fr/",
        FRONTEND_PREVIEW_URLS="armees.gouv.example=https://www.defense.gouv.fr/apercu/",
        PREVIEW_TOKEN_MAX_AGE="600",
    )
    assert loaded == {
        "urls": {
            "default": "https://www.info.gouv.fr/preview/",
            "sante.gouv.example": "https://sante.gouv.fr/preview/",
            "armees.gouv.example": "https://www.defense.gouv.fr/apercu/",
        },
        "max_age": 600,
    }
    assert preview_settings()["max_age"] == 3600


@override_settings(
    WAGTAIL_HEADLESS_PREVIEW={
        "CLIENT_URLS": {
            "default": "https://www.info.gouv.fr/preview/",
            "localhost": "https://apercu.info.gouv.fr/",
        }
    }
)
@pytest.mark.django_db
def test_each_site_has_its_preview_url(site):
    page = site["pages"]["own_draft"]
    assert page.get_site().hostname == "localhost"
    assert frontend_preview_url(page, "t") == (
        f"https://apercu.info.gouv.fr/?content_type=news.ministrynewspage&id={page.pk}&token=t"
    )
