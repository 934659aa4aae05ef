"""The home page: one tree root per language, with its "À la une" selection."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Locale, Orderable, Page

from cms.pages import HeadlessPage
from cms.workflows.choosers import ChooserCheckedPageForm
from cms.workflows.pages import WorkflowRootMixin
from cms.workflows.setup import GOVERNMENT_NEWS


class HomePage(WorkflowRootMixin, HeadlessPage):
    """The root of the site in one language; the English home is a translation of the French.

    Editors pick the news shown "À la une", in order.
    """

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage", "news.MinistryIndexPage", "videos.VideoPage"]
    workflow_root_of = GOVERNMENT_NEWS

    content_panels = Page.content_panels + [
        InlinePanel("featured_items", heading=_("À la une"), label=_("actualité"), max_num=8),
    ]

    base_form_class = ChooserCheckedPageForm

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    @classmethod
    def can_create_at(cls, parent):
        """A new home only while some language still has none."""
        return super().can_create_at(parent) and (
            cls.objects.values("locale").distinct().count() < Locale.objects.count()
        )

    def clean(self):
        super().clean()
        others = HomePage.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        if self.locale_id and others.exists():
            raise ValidationError(_("Cette langue a déjà une page d'accueil."))


class HomeFeaturedItem(Orderable):
    """A news item shown "À la une" on a home page."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    page = models.ForeignKey(
        "news.NewsPage",
        verbose_name=_("actualité"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("actualité à la une")
        verbose_name_plural = _("À la une")
