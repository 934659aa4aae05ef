"""``python manage.py purge_uploads``: delete abandoned uploads and their files."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.uploads.services import purge


class Command(BaseCommand):
    help = _(
        "Supprime les téléversements abandonnés (sans nouvelle donnée depuis "
        "UPLOAD_EXPIRY_HOURS heures, en cours ou terminés sans être utilisés) avec leurs "
        "fichiers, et les fichiers partiels sans téléversement. Affiche ce qui est supprimé."
    )

    def handle(self, *args, **options):
        report = purge()
        for upload in report.uploads:
            self.stdout.write(
                _("Téléversement expiré supprimé\u00a0: %(upload)s") % {"upload": upload}
            )
        for name in report.orphan_files:
            self.stdout.write(_("Fichier orphelin supprimé\u00a0: %(name)s") % {"name": name})
        self.stdout.write(
            _(
                "Téléversements expirés supprimés\u00a0: %(uploads)d\u00a0; "
                "fichiers orphelins supprimés\u00a0: %(files)d."
            )
            % {"uploads": len(report.uploads), "files": len(report.orphan_files)}
        )
