"""Configuration from the environment; production refuses unsafe settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import settings_support

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 60


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    """``settings.<module>`` loaded with ``env`` and none of the deployment's variables;
    its stdout the JSON of the settings these tests read."""
    return settings_support.load_settings(
        module,
        "{'engine': s.DATABASES['default']['ENGINE'], "
        "'cache': s.CACHES['default']['BACKEND'], 'debug': s.DEBUG, 'jobs': s.JOBS_BACKEND, "
        "'procrastinate': 'procrastinate.contrib.django' in s.INSTALLED_APPS}",
        unset={"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "JOBS_BACKEND"},
        env=env,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "gouvernail.gouv.fr"}, "SECRET_KEY"),
        ({"SECRET_KEY": "trop-court", "ALLOWED_HOSTS": "gouvernail.gouv.fr"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "gouvernail.gouv.fr"},
            "JOBS_BACKEND must be set",
        ),
    ],
)
def test_production_refuses_to_start_without_real_secrets(env, message):
    result = load_settings("production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_real_settings():
    result = load_settings(
        "production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="gouvernail.gouv.fr",
        DATABASE_URL="postgres://u@localhost/gouvernail",
        REDIS_URL="redis://127.0.0.1:6379/1",
        JOBS_BACKEND="procrastinate",
    )
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.postgresql"' in result.stdout
    assert '"cache": "django_redis.cache.RedisCache"' in result.stdout
    assert '"debug": false' in result.stdout
    assert '"jobs": "procrastinate", "procrastinate": true' in result.stdout


def test_jobs_backend_none_installs_no_job_queue_even_on_postgresql():
    result = load_settings("dev", DATABASE_URL="postgres://u@localhost/gouvernail")
    assert result.returncode == 0, result.stderr
    assert '"jobs": "none", "procrastinate": false' in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"JOBS_BACKEND": "celery"},
            "JOBS_BACKEND must be 'procrastinate' or 'none', not 'celery'",
        ),
        ({"JOBS_BACKEND": "procrastinate"}, "JOBS_BACKEND=procrastinate needs a PostgreSQL"),
    ],
)
def test_a_wrong_jobs_backend_stops_the_start_with_a_clear_error(env, message):
    result = load_settings("dev", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_defaults_are_sqlite_and_local_memory():
    result = load_settings("dev")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert '"cache": "django.core.cache.backends.locmem.LocMemCache"' in result.stdout
    assert '"jobs": "none", "procrastinate": false' in result.stdout


def test_french_first(settings):
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.WAGTAIL_I18N_ENABLED
    assert settings.WAGTAIL_CONTENT_LANGUAGES[0] == ("fr", "Français")
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


@pytest.mark.django_db
def test_admin_login_page_is_in_french(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>S'identifier</h1>" in html
    assert "Mot de passe" in html
    assert "Password" not in html


@pytest.mark.parametrize(
    ("module", "env"),
    [
        ("dev", {}),
        ("production", {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x", "JOBS_BACKEND": "none"}),
    ],
)
def test_django_log_lines_are_printed_once(module, env):
    """Django's own console handler and the root one both printed ("Watching for file
    changes with StatReloader" twice in bin/start's output)."""
    code = (
        "import logging, django; django.setup(); "
        "logging.getLogger('django.utils.autoreload').info('Surveillance des fichiers')"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": f"settings.{module}", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert (result.stdout + result.stderr).count("Surveillance des fichiers") == 1
