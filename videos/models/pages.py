"""The public page of one video (docs/videos.md, "Publication").

A ``VideoPage`` shows one video of the library with a short introduction. The Rédaction
publishes them under a home page; a ministry under its own section, through the ministry
workflow, as its news. Its video is picked with the library's chooser, among the videos
its editor may use (``ChooserCheckedPageForm`` refuses a forged id).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from cms.editorial.pages import CheckedPublicationMixin
from cms.pages import HeadlessPage
from cms.workflows.choosers import ChooserCheckedPageForm
from cms.workflows.pages import MinistryContentMixin
from videos.models.video import Video


class VideoPage(CheckedPublicationMixin, MinistryContentMixin, HeadlessPage):
    """A page presenting one video of the library to the public.

    Under a ministry's section it belongs to that ministry (its validators approve it,
    as a ministry news item); under a home page it is the Rédaction's. It is public only
    while its page is and while its video may be published (ready, French captions,
    transcript, rights not expired).
    """

    video = models.ForeignKey(
        Video,
        verbose_name=_("vidéo"),
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_(
            "Une vidéo de la vidéothèque que vous pouvez utiliser. Elle doit avoir ses "
            "sous-titres en français et sa transcription pour être publiée."
        ),
    )
    introduction = models.TextField(
        _("chapô"),
        blank=True,
        help_text=_("Quelques phrases qui présentent la vidéo, affichées avant elle."),
    )
    #: The ministry of the section the page lives in (``None`` for the Rédaction's), for
    #: the ministry workflow (``MinistryContentMixin``); set from the parent, never typed.
    ministry = models.ForeignKey(
        "organisations.Ministry",
        verbose_name=_("ministère"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="video_pages",
        editable=False,
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("video")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    base_form_class = ChooserCheckedPageForm
    parent_page_types = ["news.MinistryPage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page vidéo")
        verbose_name_plural = _("pages vidéo")
