"""Compiles the project's translation catalogues (locale/*/LC_MESSAGES/*.po) to .mo files.

Pure Python (polib, pinned in requirements.txt), so set-up needs no GNU gettext. Run by
bin/setup and before the test suite: ``python -m cms.i18n``.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write each .po file's .mo next to it when missing or older; return the .mo written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"Compiled {path.relative_to(LOCALE_DIR.parent)}")  # noqa: T201
