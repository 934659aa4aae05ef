"""Roles of a ministry and the custom workflow tasks."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Collection, Task, TaskState

from cms.workflows.pages import MinistryContentMixin, page_models

#: Audit-log actions of the editorial-line check ("Ligne éditoriale vérifiée"…).
EDITORIAL_LINE_PASSED = "gouvernail.editorial_line.passed"
EDITORIAL_LINE_FAILED = "gouvernail.editorial_line.failed"


class MinistryRoles(models.Model):
    """The contributors', validators' and community managers' groups and the media
    collection of one ministry (``community_managers`` is filled by ``setup_roles`` for
    the ministries that predate it).

    One row per ministry *identity* (its ``translation_key``), whatever its translations:
    the groups are renamed with the ministry and retired when it ends.
    """

    ministry_key = models.UUIDField(_("identité du ministère"), unique=True)
    contributors = models.OneToOneField(
        Group,
        verbose_name=_("groupe des contributeurs"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    validators = models.OneToOneField(
        Group,
        verbose_name=_("groupe des valideurs"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    community_managers = models.OneToOneField(
        Group,
        verbose_name=_("groupe des gestionnaires des réseaux sociaux"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("collection de médias"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    retired_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rôles d'un ministère")
        verbose_name_plural = _("rôles des ministères")

    def __str__(self):
        return self.contributors.name.rsplit(" – ", 1)[0]


class EditorialLineTask(Task):
    """Automatic first step: the submitted revision must meet the editorial line.

    It approves itself when the revision passes every rule of ``cms.editorial.rules`` and
    otherwise sends the item back to its author with the list of failures, so no human
    reviewer ever sees an item that breaks the editorial line.
    """

    class Meta:
        verbose_name = _("contrôle de la ligne éditoriale")
        verbose_name_plural = _("contrôles de la ligne éditoriale")

    def start(self, workflow_state, user=None):
        from cms.editorial.rules import applies_to, check_page

        task_state = super().start(workflow_state, user=user)
        content = task_state.revision.as_object()
        failures = []
        if applies_to(content):
            failures = [finding.message for finding in check_page(content, user=user).errors]
        task_state.status = TaskState.STATUS_REJECTED if failures else TaskState.STATUS_APPROVED
        task_state.finished_at = timezone.now()
        task_state.comment = "\n".join(failures)
        task_state.save(update_fields=["status", "finished_at", "comment"])
        self.log_check(task_state, EDITORIAL_LINE_FAILED if failures else EDITORIAL_LINE_PASSED)
        return task_state

    @staticmethod
    def log_check(task_state: TaskState, action: str) -> None:
        """Log the check's outcome as a check, with no user.

        Wagtail's ``log_state_change_action`` would log an approval or a rejection by the
        request's user, the author who submitted the item.
        """
        obj = task_state.revision.as_object()
        log_action_registry.get_log_model_for_instance(obj).objects.log_action(
            obj,
            action,
            user=None,
            uuid=get_active_log_context().uuid,
            data={
                "workflow": {
                    "id": task_state.workflow_state.workflow_id,
                    "title": task_state.workflow_state.workflow.name,
                    "task_state_id": task_state.pk,
                    "task": {"id": task_state.task_id, "title": task_state.task.name},
                },
                "comment": task_state.comment,
            },
            revision=task_state.revision,
        )

    @classmethod
    def get_description(cls):
        return _("Vérifie automatiquement la ligne éditoriale (chapô, titre, textes alternatifs…).")


class MinistryValidationTask(Task):
    """Validation by the validators of the item's own ministry.

    One task serves every ministry: the approvers are found from the page (its section's
    ministry), not fixed in the task.
    """

    class Meta:
        verbose_name = _("validation par le ministère")
        verbose_name_plural = _("validations par le ministère")

    @staticmethod
    def validators_group(obj) -> Group | None:
        ministry = getattr(getattr(obj, "specific", obj), "ministry", None)
        if ministry is None:
            return None
        roles = MinistryRoles.objects.filter(ministry_key=ministry.translation_key).first()
        return roles.validators if roles else None

    def user_can_validate(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        group = self.validators_group(obj)
        return group is not None and user.groups.filter(pk=group.pk).exists()

    def user_can_access_editor(self, obj, user):
        return self.user_can_validate(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_validate(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_validate(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_validate(obj, user):
            return []
        return [
            ("reject", _("Demander des modifications"), True),
            ("approve", _("Valider"), False),
            ("approve", _("Valider avec un commentaire"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        keys = MinistryRoles.objects.filter(validators__in=user.groups.all()).values("ministry_key")
        page_ids = [
            pk
            for model in page_models(MinistryContentMixin)
            for pk in model.objects.filter(ministry__translation_key__in=keys).values_list(
                "pk", flat=True
            )
        ]
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in page_ids])

    @classmethod
    def get_description(cls):
        return _("Les valideurs du ministère de la rubrique approuvent l'actualité.")
