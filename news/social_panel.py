"""The "Réseaux sociaux" tab of the news editor: the item's posts, with links to add and
edit them in their own admin (``news.social_admin``). It holds no form field, so saving
the page never touches the posts, and editing a post never creates a page revision."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from wagtail.admin.panels import Panel

#: URL namespace of ``SocialPostViewSet``.
SOCIAL_POSTS_URL_NAMESPACE = "social_posts"


class SocialPostsPanel(Panel):
    """Lists the social-media posts of the news item being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/panels/social_posts.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            user = self.request.user if self.request else None
            page_id = self.instance.pk
            context["page_saved"] = page_id is not None
            context["posts"] = []
            context["may_add"] = bool(user and user.has_perm("news.add_socialpost"))
            context["may_edit"] = bool(user and user.has_perm("news.change_socialpost"))
            if page_id is None:
                return context
            context["posts"] = list(self.instance.social_posts.select_related("image"))
            add_url = reverse(f"{SOCIAL_POSTS_URL_NAMESPACE}:add")
            context["add_url"] = f"{add_url}?{urlencode({'news_page': page_id})}"
            context["edit_url_name"] = f"{SOCIAL_POSTS_URL_NAMESPACE}:edit"
            return context
