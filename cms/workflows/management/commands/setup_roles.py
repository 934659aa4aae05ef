from django.core.management.base import BaseCommand

from cms.workflows.roles import setup_roles


class Command(BaseCommand):
    help = "Crée ou met à jour les groupes des rôles et leurs permissions (idempotent)."

    def handle(self, *args, **options):
        summary = setup_roles()
        for label, names in (
            ("Groupes créés", summary.groups_created),
            ("Groupes renommés", summary.groups_renamed),
            ("Groupes retirés", summary.groups_retired),
        ):
            if names:
                self.stdout.write(f"{label} : {', '.join(names)}")
        self.stdout.write(self.style.SUCCESS("Rôles à jour."))
