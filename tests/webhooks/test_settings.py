"""Webhook settings: safe by default outside development."""

import json
import os
import subprocess
import sys

import pytest

from tests.test_settings import GOOD_KEY, ROOT


def webhook_settings(module: str, **env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WEBHOOKS_")}
    environment.update(env)
    code = (
        f"import json, importlib; s = importlib.import_module('settings.{module}'); "
        "print(json.dumps([s.WEBHOOKS_REQUIRE_HTTPS, s.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES, "
        "s.WEBHOOKS_TIMEOUT, s.WEBHOOKS_RETRY_WINDOW, s.WEBHOOKS_LOG_DAYS]))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


PRODUCTION = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "gouvernail.gouv.fr", "JOBS_BACKEND": "none"}


@pytest.mark.parametrize("env", [{}, {"DEBUG": "true"}])
def test_production_requires_https_and_public_addresses(env):
    assert webhook_settings("production", **PRODUCTION, **env) == [True, False, 5, 86400, 30]


def test_development_allows_plain_http_but_not_private_addresses():
    assert webhook_settings("dev") == [False, False, 5, 86400, 30]


def test_the_environment_sets_them():
    env = {
        "WEBHOOKS_REQUIRE_HTTPS": "false",
        "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "true",
        "WEBHOOKS_TIMEOUT": "3",
        "WEBHOOKS_RETRY_WINDOW": "3600",
        "WEBHOOKS_LOG_DAYS": "7",
    }
    assert webhook_settings("production", **PRODUCTION, **env) == [False, True, 3, 3600, 7]
