"""Admin of the social-media posts ("Réseaux sociaux" menu, ``SocialPostViewSet``).

Who may write posts holds ``news.*_socialpost`` (the "Réseaux sociaux" group of the SIG,
and each ministry's "… – réseaux sociaux" group: ``cms.workflows.roles``); no page right
is needed. Which items: those the user sees in the admin, by the isolation rules
(``cms.workflows.isolation``): everyone sees every item but the ministries' people, who
see their own section's. Posts of other items do not exist for them (404), in every view.
"""

from __future__ import annotations

import json

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser

from cms.workflows import isolation
from news.models import NewsPage
from news.social import LIMITS, URL_LENGTHS, SocialPost
from news.social_panel import SOCIAL_POSTS_URL_NAMESPACE


def visible_news_pages(user) -> QuerySet[NewsPage]:
    """The news items whose posts ``user`` may write: every item, or, for a user isolated in
    their ministry's section(s), the items of those sections only."""
    pages = NewsPage.objects.all()
    scope = isolation.scope_of(user)
    if not scope.restricted:
        return pages
    in_area = Q(pk__in=[])
    for area in scope.area_paths:
        in_area |= Q(path__startswith=area)
    return pages.filter(in_area)


def visible_posts(user) -> QuerySet[SocialPost]:
    return SocialPost.objects.filter(news_page__in=visible_news_pages(user))


class VisibleNewsChooser(AdminPageChooser):
    """A news item chooser that never shows (even as the value sent back with an error)
    an item outside ``queryset``."""

    def __init__(self, queryset: QuerySet[NewsPage], **kwargs):
        super().__init__(target_models=[NewsPage], **kwargs)
        self.queryset = queryset

    def get_instance(self, value):
        instance = super().get_instance(value)
        if instance is None or not self.queryset.filter(pk=instance.pk).exists():
            return None
        return instance


class SocialPostForm(WagtailAdminModelForm):
    """Chooses among the visible items only, and counts the copy as the editor types
    (``news/static/news/social_length.js``, the rule of ``news.social.post_length``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        visible = visible_news_pages(self.for_user)
        self.fields["news_page"].queryset = visible
        self.fields["news_page"].widget = VisibleNewsChooser(visible)
        self.fields["text"].widget.attrs.update(
            {
                "data-controller": "gv-social-length",
                "data-action": "input->gv-social-length#update",
                "data-gv-social-length-limits-value": json.dumps(LIMITS),
                "data-gv-social-length-url-lengths-value": json.dumps(URL_LENGTHS),
                "data-gv-social-length-message-value": _(
                    "{length} / {limit} caractères pour {network}, mots-dièse compris"
                ),
                "data-gv-social-length-over-message-value": _(
                    "{length} / {limit} caractères : {over} de trop pour {network}"
                ),
                "data-gv-social-length-no-network-message-value": _(
                    "Choisissez un réseau pour connaître la longueur permise."
                ),
                "rows": 6,
            }
        )

    class Media:
        js = ["news/social_length.js"]


class ScopedObjectMixin:
    """Edit, delete: a post of an item the user does not see is a 404."""

    def get_queryset(self):
        return visible_posts(self.request.user)


class ScopedListingObjectMixin:
    """History, usage (listings about one post): the same, for the post they are about."""

    def get_base_object_queryset(self):
        return visible_posts(self.request.user)


class SocialPostIndexView(generic.IndexView):
    def get_base_queryset(self):
        visible = visible_posts(self.request.user)
        return super().get_base_queryset().filter(pk__in=visible).select_related("news_page")


class SocialPostCreateView(generic.CreateView):
    """``?news_page=<id>`` (the link of the item's tab) fills the item in."""

    def get_initial(self):
        initial = super().get_initial()
        page_id = self.request.GET.get("news_page", "")
        if page_id.isdigit():
            page = visible_news_pages(self.request.user).filter(pk=int(page_id)).first()
            if page is not None:
                initial["news_page"] = page.pk
        return initial

    def get_success_message(self, instance):
        return _("Publication %(network)s de « %(title)s » enregistrée.") % {
            "network": instance.get_network_display(),
            "title": instance.news_page.draft_title,
        }


class SocialPostEditView(ScopedObjectMixin, generic.EditView):
    def get_success_message(self):
        return _("Publication %(network)s de « %(title)s » enregistrée.") % {
            "network": self.object.get_network_display(),
            "title": self.object.news_page.draft_title,
        }


class SocialPostDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class SocialPostHistoryView(ScopedListingObjectMixin, history.HistoryView):
    pass


class SocialPostUsageView(ScopedListingObjectMixin, usage.UsageView):
    pass


class SocialPostViewSet(ModelViewSet):
    """ "Réseaux sociaux": the copy of news items for each network, and their slots."""

    model = SocialPost
    name = SOCIAL_POSTS_URL_NAMESPACE
    url_prefix = "social-posts"
    icon = "comment"
    menu_label = _("Réseaux sociaux")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = SocialPostIndexView
    add_view_class = SocialPostCreateView
    edit_view_class = SocialPostEditView
    delete_view_class = SocialPostDeleteView
    history_view_class = SocialPostHistoryView
    usage_view_class = SocialPostUsageView
    list_display = [
        Column("news_page", label=_("Actualité"), accessor="news_page.draft_title"),
        "network",
        "planned_at",
        Column("length", label=_("Longueur"), accessor="length"),
    ]
    list_filter = ["network"]
    search_fields = None
    edit_handler = ObjectList(
        [
            FieldPanel("news_page"),
            FieldRowPanel([FieldPanel("network"), FieldPanel("planned_at")]),
            FieldPanel("text"),
            FieldPanel("hashtags"),
            MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Visuel")),
        ],
        base_form_class=SocialPostForm,
    )
