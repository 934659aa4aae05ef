"""``python manage.py notify_video_rights``: e-mail the owners of the videos whose rights
expire soon (``videos.rights.notify_expiring``); ``--dry-run`` says who would be told."""

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from videos import rights


class Command(BaseCommand):
    help = _(
        "Prévient par courriel les propriétaires des vidéos dont les droits expirent dans "
        "VIDEO_RIGHTS_NOTICE_DAYS jours ou ont expiré, une fois par date de fin des droits. "
        "À lancer chaque jour (cron) sans file de tâches."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Affiche qui serait prévenu, sans rien envoyer ni enregistrer."),
        )

    def handle(self, *args, dry_run=False, **options):
        with translation.override("fr"):
            if not dry_run:
                count = rights.notify_expiring()
                self.stdout.write(_("Vidéos annoncées\u00a0: %(count)d.") % {"count": count})
                return
            notices = rights.pending()
            for notice in notices:
                video = notice.video
                people = ", ".join(
                    f"{user.get_username()} <{user.email}>" for user in notice.recipients
                ) or _("personne (aucun propriétaire avec une adresse électronique)")
                self.stdout.write(
                    _("«\u00a0%(title)s\u00a0» (fin des droits le %(date)s)\u00a0: %(people)s")
                    % {
                        "title": video.title,
                        "date": rights.long_date(video.rights_expire_on),
                        "people": people,
                    }
                )
            self.stdout.write(
                _("Vidéos à annoncer\u00a0: %(count)d (simulation\u00a0: rien n'est envoyé).")
                % {"count": len(notices)}
            )
