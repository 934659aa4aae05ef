"""``python manage.py purge_uploads``: delete abandoned uploads and their files."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
            ngettext(
                "%(count)d téléversement expiré supprimé, ",
                "%(count)d téléversements expirés supprimés, ",
                len(report.uploads),
            )
            % {"count": len(report.uploads)}
            + ngettext(
                "%(count)d fichier orphelin supprimé.",
                "%(count)d fichiers orphelins supprimés.",
                len(report.orphan_files),
            )
            % {"count": len(report.orphan_files)}
        )
