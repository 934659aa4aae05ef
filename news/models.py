"""News items and ministry sections.

``NewsPage`` is an *actualité gouvernementale* written by the Rédaction; a
``MinistryNewsPage`` is an *actualité ministérielle*, which extends it and lives only in
its ministry's section. Both know the government in office at their first publication
and keep a public history of their major changes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageLogEntry
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.editorial.pages import CheckedPublicationMixin
from cms.organisations.models import Government
from cms.pages import HeadlessPage
from cms.scheduling.pages import TranslationEmbargoMixin
from cms.workflows.choosers import ChooserCheckedPageForm
from cms.workflows.pages import MinistryContentMixin, MinistrySectionMixin, WorkflowRootMixin
from cms.workflows.setup import MINISTRY_NEWS
from news.forms import NewsKindForm
from news.social import SocialPost  # noqa: F401 (a model of this app, in its own module)
from news.social_panel import SocialPostsPanel

CHAPO_MAX_LENGTH = 300


def revision_instant(revision, field: str) -> datetime.datetime | None:
    """A date-time field as stored in a revision's content (serialised as text)."""
    value = revision.content.get(field)
    return parse_datetime(value) if isinstance(value, str) else value


def go_live_instant(
    embargo_until: datetime.datetime | None, go_live_at: datetime.datetime | None
) -> datetime.datetime | None:
    """When a news item is to go live: an embargo sets the go-live, else its scheduled
    publication; ``None`` when neither is set. The one place of the rule."""
    return embargo_until or go_live_at


class NewsKind(models.TextChoices):
    NEWS = "actualite", _("Actualité")
    PRESS_RELEASE = "communique", _("Communiqué de presse")
    SPEECH = "discours", _("Discours")
    PRESS_KIT = "dossier_de_presse", _("Dossier de presse")
    COUNCIL_REPORT = "compte_rendu_conseil", _("Compte rendu du Conseil des ministres")


class NewsPageForm(NewsKindForm):
    """Starts every new edit of a published item with the change-note fields blank; keeps
    the council report kind to the Rédaction and refuses chooser values the user may not
    choose (``NewsKindForm``, ``ChooserCheckedPageForm``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if page.pk and page.live_revision_id and page.live_revision_id == page.latest_revision_id:
            self.initial["major_change"] = False
            self.initial["change_note"] = ""


ALIAS_REFUSAL = _(
    "Une actualité ne peut pas avoir d'alias : elle serait mise en ligne hors de sa "
    "programmation. Copiez-la plutôt."
)
LIVE_COPY_REFUSAL = _("La copie d'une actualité est un brouillon : elle ne peut pas être en ligne.")


class NewsIndexPage(HeadlessPage):
    """The "Actualités" listing of a language: the Rédaction's government news."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des actualités")
        verbose_name_plural = _("index des actualités")


class NewsPage(CheckedPublicationMixin, TranslationEmbargoMixin, HeadlessPage):
    """An *actualité gouvernementale*: news, press release, speech, press kit or council report.

    The chapô is required and short; the body is made of blocks. Ticking "modification
    importante" when saving asks for a public change note and dates the update.
    """

    kind = models.CharField(_("type de contenu"), max_length=32, choices=NewsKind.choices)
    chapo = models.TextField(
        _("chapô"),
        validators=[
            MaxLengthValidator(
                CHAPO_MAX_LENGTH,
                message=_(
                    "Le chapô ne doit pas dépasser %(limit_value)d caractères "
                    "(il en compte %(show_value)d)."
                ),
            )
        ],
        help_text=_("Le paragraphe d'accroche sous le titre, %(limit)d caractères au plus.")
        % {"limit": CHAPO_MAX_LENGTH},
    )
    hero_image = models.ForeignKey(
        "media.CustomImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("corps du texte"), blank=True)
    major_change = models.BooleanField(
        _("modification importante"),
        default=False,
        help_text=_(
            "Cocher si cette modification change le sens du contenu : la note sera publiée "
            "et la date de mise à jour changera."
        ),
    )
    change_note = models.TextField(
        _("note de modification"),
        blank=True,
        help_text=_("Publique : explique aux lecteurs ce qui a changé."),
    )
    last_major_update_at = models.DateTimeField(
        _("dernière modification importante"), null=True, blank=True, editable=False
    )
    embargo_until = models.DateTimeField(
        _("sous embargo jusqu'au"),
        null=True,
        blank=True,
        help_text=_(
            "Rien n'est public, nulle part, avant cet instant (heure de Paris). "
            "L'embargo fixe l'heure de mise en ligne."
        ),
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("motif du retrait"), blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("embargo_until"),
        FieldPanel("chapo"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                InlinePanel("topic_links", heading=_("Thématiques"), label=_("thématique")),
                InlinePanel(
                    "ministry_links", heading=_("Ministères concernés"), label=_("ministère")
                ),
            ],
            heading=_("Classement"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("related_links", heading=_("Contenus liés"), label=_("contenu lié")),
                InlinePanel("attachments", heading=_("Pièces jointes"), label=_("pièce jointe")),
            ],
            heading=_("Liens et pièces jointes"),
        ),
        MultiFieldPanel(
            [FieldPanel("major_change"), FieldPanel("change_note")],
            heading=_("Modification"),
        ),
    ]

    #: Wagtail's three tabs, plus the item's social-media posts (their own model).
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(Page.promote_panels, heading=_("Promotion")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
            ObjectList([SocialPostsPanel()], heading=_("Réseaux sociaux")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("chapo"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]

    base_form_class = NewsPageForm
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité gouvernementale")
        verbose_name_plural = _("actualités gouvernementales")

    def clean(self):
        super().clean()
        if self.major_change and not self.change_note.strip():
            raise ValidationError(
                {
                    "change_note": _(
                        "Une note de modification est obligatoire pour une modification importante."
                    )
                }
            )
        self.go_live_at = self.planned_go_live_at

    @property
    def planned_go_live_at(self) -> datetime.datetime | None:
        """When this item is to go live, as edited (``go_live_instant``)."""
        return go_live_instant(self.embargo_until, self.go_live_at)

    #: Facts about the page as a whole, not about one of its revisions.
    page_state_fields = ("last_major_update_at", "withdrawn_at", "withdrawal_reason")

    def with_content_json(self, content):
        """Keep the page-wide facts when a revision is loaded (publication, preview).

        A translation never goes live before its French source (``TranslationEmbargoMixin``).
        """
        obj = super().with_content_json(content)
        for field in self.page_state_fields:
            setattr(obj, field, getattr(self, field))
        return obj

    def create_alias(self, *args, **kwargs):
        """Refused: Wagtail updates an alias at every publish action, scheduling included."""
        raise ValidationError(ALIAS_REFUSAL)

    def copy(self, *args, **kwargs):
        """A copy is always a draft: kept live, it would publish the latest revision."""
        return super().copy(*args, **{**kwargs, "keep_live": False})

    def save(self, *args, **kwargs):
        """Refuse the aliases and live copies that paths other than ``create_alias`` and
        ``copy`` (Wagtail's copy actions, recursive copies) would make."""
        if self._state.adding and self.alias_of_id is not None:
            raise ValidationError(ALIAS_REFUSAL)
        if self._state.adding and self.live and self.first_published_at is not None:
            raise ValidationError(LIVE_COPY_REFUSAL)
        return super().save(*args, **kwargs)

    @property
    def status_string(self):
        """Admin listings say "sous embargo jusqu'au …" for a scheduled embargo."""
        if self.approved_schedule and not self.live:
            if hasattr(self, "_scheduled_embargo"):  # annotated by the explorer's queryset
                embargo = self._scheduled_embargo and parse_datetime(self._scheduled_embargo)
            else:
                revision = self.scheduled_revision
                embargo = revision and revision_instant(revision, "embargo_until")
            if embargo:
                moment = timezone.localtime(embargo)
                return _("sous embargo jusqu'au %(date)s") % {
                    "date": date_format(moment, "d/m/Y H:i")
                }
        return super().status_string

    @cached_property
    def government(self) -> Government | None:
        """The government in office at the first publication."""
        if self.first_published_at is None:
            return None
        return Government.in_office_on(self.first_published_at)

    @property
    def history_notice(self) -> str:
        """The "published under a previous government" notice, or ''."""
        government = self.government
        if government is None or not government.has_ended:
            return ""
        return _("Ce contenu a été publié sous le gouvernement %(led_by)s.") % {
            "led_by": government.led_by
        }

    @property
    def updated_at(self) -> datetime.datetime | None:
        """Date shown as "mis à jour le": the last major change, else the publication."""
        return self.last_major_update_at or self.first_published_at

    def public_change_history(self) -> list[dict]:
        """The public notes of every published major change, oldest first (none for a
        page not yet created: the preview of a new item)."""
        if self.pk is None:
            return []
        entries = (
            PageLogEntry.objects.filter(page=self, action="wagtail.publish", revision__isnull=False)
            .select_related("revision")
            .order_by("timestamp")
        )
        history = []
        for entry in entries:
            content = entry.revision.content
            if content.get("major_change") and content.get("change_note"):
                history.append({"date": entry.timestamp, "note": content["change_note"]})
        return history


class NewsPageTopic(Orderable):
    """A topic a news item is filed under."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(
        "organisations.Topic",
        verbose_name=_("thématique"),
        on_delete=models.PROTECT,
        related_name="news_links",
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")


class NewsPageMinistry(Orderable):
    """A ministry concerned by a news item; kept as it was at publication."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="ministry_links")
    ministry = models.ForeignKey(
        "organisations.Ministry",
        verbose_name=_("ministère"),
        on_delete=models.PROTECT,
        related_name="news_links",
    )

    panels = [FieldPanel("ministry")]

    class Meta(Orderable.Meta):
        verbose_name = _("ministère concerné")
        verbose_name_plural = _("ministères concernés")


class NewsPageRelatedPage(Orderable):
    """Another page related to a news item (a press kit for its press release…)."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_links")
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contenu lié"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = _("contenu lié")
        verbose_name_plural = _("contenus liés")

    def clean(self):
        super().clean()
        if self.related_page_id and self.related_page_id == self.page_id:
            raise ValidationError(
                {"related_page": _("Un contenu ne peut pas être lié à lui-même.")}
            )


class NewsPageAttachment(Orderable):
    """A document attached to a news item."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "media.CustomDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("intitulé"),
        max_length=255,
        blank=True,
        help_text=_("Laisser vide pour reprendre le titre du document."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")


class MinistryIndexPage(WorkflowRootMixin, HeadlessPage):
    """The "Ministères" page of a language, parent of every ministry section."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.MinistryPage"]
    max_count_per_parent = 1
    workflow_root_of = MINISTRY_NEWS

    class Meta:
        verbose_name = _("index des ministères")
        verbose_name_plural = _("index des ministères")


class MinistryPage(MinistrySectionMixin, HeadlessPage):
    """A ministry's section, where its contributors write its news."""

    ministry = models.ForeignKey(
        "organisations.Ministry",
        verbose_name=_("ministère"),
        on_delete=models.PROTECT,
        related_name="sections",
    )
    introduction = models.TextField(_("présentation"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("ministry"), FieldPanel("introduction")]

    base_form_class = ChooserCheckedPageForm

    parent_page_types = ["news.MinistryIndexPage"]
    subpage_types = ["news.MinistryNewsPage", "videos.VideoPage"]

    class Meta:
        verbose_name = _("rubrique ministère")
        verbose_name_plural = _("rubriques ministères")

    def clean(self):
        super().clean()
        if self.ministry_id is None:
            return
        others = MinistryPage.objects.filter(ministry=self.ministry_id, locale_id=self.locale_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                {"ministry": _("Ce ministère a déjà sa rubrique dans cette langue.")}
            )


class MinistryNewsPage(MinistryContentMixin, NewsPage):
    """An *actualité ministérielle*, written by a ministry and moderated by the Rédaction.

    It lives only in its ministry's section and keeps the ministry of that section.
    """

    ministry = models.ForeignKey(
        "organisations.Ministry",
        verbose_name=_("ministère"),
        on_delete=models.PROTECT,
        related_name="ministry_news",
        editable=False,
    )

    parent_page_types = ["news.MinistryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité ministérielle")
        verbose_name_plural = _("actualités ministérielles")
