"""``python manage.py publish_due``: publish and expire everything due, the safety-net sweep."""

import logging
import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.scheduling.services import SweepReport, publish_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = _(
        "Met en ligne les versions programmées et retire les pages expirées dont l'heure est "
        "passée, y compris en retard après une interruption. Chaque élément est traité dans sa "
        "propre transaction ; un échec n'arrête pas les autres mais rend le code de sortie non nul."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDES",
            help=_("Recommence toutes les SECONDES secondes, jusqu'à interruption."),
        )
        parser.add_argument(
            "--parent-pid",
            type=int,
            metavar="PID",
            help=_(
                "Avec --every : s'arrête quand son processus parent PID se termine (bin/start)."
            ),
        )

    def handle(self, *args, every: float | None = None, parent_pid: int | None = None, **options):
        if every is None:
            report = publish_due()
            self.stdout.write(summary_line(report))
            if report.failures:
                raise CommandError(
                    ngettext(
                        "%(count)d élément en échec, voir le journal.",
                        "%(count)d éléments en échec, voir le journal.",
                        len(report.failures),
                    )
                    % {"count": len(report.failures)}
                )
            return
        if every <= 0:
            raise CommandError(_("--every attend un nombre de secondes positif."))
        try:
            while parent_pid is None or os.getppid() == parent_pid:
                try:
                    report = publish_due()
                except DatabaseError:
                    # For example "database is locked" on SQLite: next time.
                    logger.exception("Scheduled publication sweep failed")
                else:
                    if report.published or report.expired or report.postponed or report.failures:
                        moment = timezone.localtime().strftime("%H:%M:%S")
                        self.stdout.write(f"[{moment}] {summary_line(report)}")
                close_old_connections()
                time.sleep(every)
        except KeyboardInterrupt:
            pass


def summary_line(report: SweepReport) -> str:
    """For example "Programmation : 2 versions mises en ligne, 1 page expirée retirée."."""
    parts = []
    if report.published:
        parts.append(
            ngettext(
                "%(count)d version mise en ligne",
                "%(count)d versions mises en ligne",
                report.published,
            )
            % {"count": report.published}
        )
    if report.expired:
        parts.append(
            ngettext(
                "%(count)d page expirée retirée",
                "%(count)d pages expirées retirées",
                report.expired,
            )
            % {"count": report.expired}
        )
    if report.postponed:
        parts.append(
            ngettext(
                "%(count)d version reprogrammée plus tard",
                "%(count)d versions reprogrammées plus tard",
                report.postponed,
            )
            % {"count": report.postponed}
        )
    if report.failures:
        parts.append(
            ngettext(
                "%(count)d échec (%(items)s)", "%(count)d échecs (%(items)s)", len(report.failures)
            )
            % {"count": len(report.failures), "items": ", ".join(report.failures)}
        )
    if not parts:
        return _("Programmation : rien à mettre en ligne ni à retirer.")
    return _("Programmation : %(parts)s.") % {"parts": ", ".join(parts)}
