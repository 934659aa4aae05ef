"""What the workflows need to know of a page type, as mixins the page models inherit.

Roles, isolation and the workflow setup speak of ministry sections, of ministry content
and of the roots that carry a workflow, without importing the apps that define those page
types: a feature app's page model inherits the mixin, and ``page_models`` finds it.
"""

from __future__ import annotations

from wagtail.models import Page, get_page_models


class MinistrySectionMixin:
    """A ministry's section: its contributors and validators work in its subtree only.

    The model has a ``ministry`` foreign key to ``organisations.Ministry``. Saving a new
    section gives that ministry's roles their permissions on it.
    """


class MinistryContentMixin:
    """An item of a ministry, approved by that ministry's validators.

    The model has a ``ministry`` foreign key to ``organisations.Ministry``, which a page
    created under a ministry's section (``MinistrySectionMixin``) takes from it when it is
    validated or saved, unless it is already set.
    """

    def take_section_ministry(self) -> None:
        """Set ``ministry`` from the section the page lives in, if it is in one."""
        if self.ministry_id is None and self.path:
            parent = self.get_parent()
            if parent is not None and isinstance(parent.specific, MinistrySectionMixin):
                self.ministry_id = parent.specific.ministry_id

    def full_clean(self, *args, **kwargs):
        self.take_section_ministry()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.take_section_ministry()
        return super().save(*args, **kwargs)


class WorkflowRootMixin:
    """A page whose subtree gets the workflow named ``workflow_root_of``.

    ``workflow_root_of`` is one of the names in ``cms.workflows.setup``. A new page of
    this type (a new language) gets the workflows set up again.
    """

    workflow_root_of: str


def page_models(mixin: type) -> list[type[Page]]:
    """The page models that inherit ``mixin``, in the order of ``INSTALLED_APPS``."""
    return [model for model in get_page_models() if issubclass(model, mixin)]
