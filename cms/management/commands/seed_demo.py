"""``python manage.py seed_demo``: create the demo content (idempotent)."""

import logging
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cms.demo import DemoAccount, DemoContentError, DemoSummary, seed_demo


class Noun(NamedTuple):
    singular: str
    plural: str
    feminine: bool = False


#: French names of the ``DemoSummary`` counters, in the order of the steps.
NOUNS = {
    "governments": Noun("gouvernement", "gouvernements"),
    "ministries": Noun("ministère", "ministères"),
    "topics": Noun("thématique", "thématiques", feminine=True),
    "people": Noun("personne", "personnes", feminine=True),
    "images": Noun("image", "images", feminine=True),
    "documents": Noun("document", "documents"),
    "videos": Noun("vidéo", "vidéos", feminine=True),
    "groups": Noun("groupe", "groupes"),
    "users": Noun("utilisateur", "utilisateurs"),
    "pages": Noun("page", "pages", feminine=True),
    "featured_items": Noun("actualité à la une", "actualités à la une", feminine=True),
}


class Command(BaseCommand):
    help = (
        "Crée le contenu de démonstration : gouvernements, ministères, thématiques, médias (dont une vidéo), "
        "actualités et un compte par rôle. Relancée, la commande ne crée rien de plus."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="N'affiche que le résumé final.")

    def handle(self, *args, quiet: bool = False, verbosity: int = 1, **options):
        # Wagtail logs every page created and published; keep that for -v 2.
        wagtail_logger = logging.getLogger("wagtail")
        level = wagtail_logger.level
        if verbosity < 2:
            wagtail_logger.setLevel(logging.WARNING)
        if not quiet:
            self.stdout.write("Contenu de démonstration :")
        try:
            summary = seed_demo(on_step=None if quiet else self.show_step)
        except (DemoContentError, ValidationError) as error:
            messages = getattr(error, "messages", [str(error)])
            raise CommandError(
                "Contenu de démonstration non créé : " + " ".join(messages)
            ) from error
        finally:
            wagtail_logger.setLevel(level)
        self.stdout.write(self.style.SUCCESS(summary_line(summary)))
        if not quiet:
            self.show_accounts(summary.accounts)

    def show_step(self, name: str, count: int) -> None:
        noun = NOUNS[name]
        ending = "e" if noun.feminine else ""
        if count == 0:
            self.stdout.write(f"  {noun.plural.capitalize()} : déjà présent{ending}s")
        else:
            plural = "s" if count > 1 else ""
            self.stdout.write(f"  {noun.plural.capitalize()} : {count} créé{ending}{plural}")

    def show_accounts(self, accounts: tuple[DemoAccount, ...]) -> None:
        with_passwords = any(account.password for account in accounts)
        header = ("Rôle", "Ministère", "Identifiant", "Mot de passe initial")
        rows = [
            (account.role, account.ministry, account.username, account.password or "")
            for account in accounts
        ]
        columns = 4 if with_passwords else 3
        widths = [max(len(row[index]) for row in [header, *rows]) for index in range(columns)]
        self.stdout.write("")
        for row in [header, *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join(cells).rstrip())
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(f"\nAdministration : {base}/admin/")
        self.stdout.write(f"API publique : {base}/api/v1/news/ (documentation : {base}/api/docs/)")


def summary_line(summary: DemoSummary) -> str:
    """For example "Contenu de démonstration créé : 3 gouvernements, 21 ministères…"."""
    if summary.created == 0:
        return "Contenu de démonstration déjà présent : rien à créer."
    counts = [
        f"{count} {noun.plural if count > 1 else noun.singular}"
        for name, noun in NOUNS.items()
        if (count := getattr(summary, name))
    ]
    return "Contenu de démonstration créé : " + ", ".join(counts) + "."
