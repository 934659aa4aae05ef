"""Settings modules loaded as a fresh process would load them, from an environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(
    module: str, fields: str, unset: set[str], env: dict[str, str]
) -> subprocess.CompletedProcess:
    """``settings.<module>`` imported in a process of its own, with this process's
    environment less the ``unset`` variables plus ``env``. On success its stdout is
    ``json.dumps(<fields>)``, ``fields`` being a Python expression over the settings
    module ``s``; a refused start shows in its return code and stderr."""
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    code = (
        f"import json, importlib; s = importlib.import_module('settings.{module}'); "
        f"print(json.dumps({fields}))"
    )
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
