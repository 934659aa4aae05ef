from django.core.management.base import BaseCommand

from cms.workflows.roles import setup_roles
from cms.workflows.setup import setup_workflows


class Command(BaseCommand):
    help = (
        "Crée ou met à jour les groupes des rôles, leurs permissions et les workflows "
        "de modération (idempotent)."
    )

    def handle(self, *args, **options):
        summary = setup_roles()
        for label, names in (
            ("Groupes créés", summary.groups_created),
            ("Groupes renommés", summary.groups_renamed),
            ("Groupes retirés", summary.groups_retired),
        ):
            if names:
                self.stdout.write(f"{label} : {', '.join(names)}")
        workflows = setup_workflows()
        self.stdout.write(f"Workflows : {', '.join(workflows)}")
        self.stdout.write(self.style.SUCCESS("Rôles et workflows à jour."))
