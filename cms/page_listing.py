"""Page listings of the admin (explorer, page chooser) at a fixed number of queries.

wagtail-localize's row buttons ask twice per row whether a page may still be translated
and whether its translations may be synchronised, and each row of the page chooser
loads its parent for its "choose" link. Here the explorer's query answers the first two
for every row (annotations) and the chooser's rows are loaded with their parents.

``wagtail_localize.wagtail_hooks`` is imported only once every app's hooks are
registered: imported with this module (from ``cms``, the first app), it would register
wagtail-localize's admin URLs before those of the apps that guard them.
"""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext

from wagtail import hooks
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

LISTING_BUTTONS_HOOK = "register_page_listing_more_buttons"
SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"
#: Annotations of ``with_translation_state``: whether a locale lacks a translation of the
#: page, the id of the page's translation source with enabled translations (or None).
UNTRANSLATED_LOCALE = "_has_untranslated_locale"
SYNCED_SOURCE = "_synced_translation_source"


def with_translation_state(pages):
    """``pages`` annotated with what wagtail-localize's row buttons ask about each row."""
    translations = Page.objects.filter(
        translation_key=OuterRef(OuterRef("translation_key")), alias_of__isnull=True
    ).values("locale_id")
    sources = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"),
        object__content_type=ContentType.objects.get_for_model(Page),
        locale_id=OuterRef("locale_id"),
        translations__enabled=True,
    ).values("pk")
    return pages.annotate(
        **{
            UNTRANSLATED_LOCALE: Exists(Locale.objects.exclude(id__in=translations)),
            SYNCED_SOURCE: Subquery(sources[:1]),
        }
    )


def translation_buttons(page, user, view_name=None, next_url=None):
    """wagtail-localize's "translate" and "synchronise" row buttons (the same labels,
    links and rules), read from the annotations of ``with_translation_state``.

    A page without them (another listing, a page's header) gets wagtail-localize's own
    buttons, which query the database.
    """
    from wagtail_localize import wagtail_hooks as localize_hooks

    if not hasattr(page, UNTRANSLATED_LOCALE):
        yield from localize_hooks.page_listing_more_buttons(page, user, view_name, next_url)
        return
    if page.is_root() or not user.has_perm(SUBMIT_TRANSLATION):
        return
    if getattr(page, UNTRANSLATED_LOCALE):
        yield localize_hooks.ListingButton(
            gettext("Translate this page"),
            reverse("wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id]),
            priority=60,
            icon_name="wagtail-localize-language",
        )
    if (source_id := getattr(page, SYNCED_SOURCE)) is not None:
        url = reverse("wagtail_localize:update_translations", args=[source_id])
        if next_url is not None:
            url += "?" + urlencode({"next": next_url})
        yield localize_hooks.ListingButton(
            gettext("Sync translated pages"), url, priority=60, icon_name="resubmit"
        )


def replace_localize_listing_buttons() -> None:
    """Put ``translation_buttons`` in place of wagtail-localize's row buttons hook.

    Wagtail's hook registry has no public way to withdraw a hook: its list is edited.
    Called once the hooks are all registered (a listing's request); does nothing twice.
    """
    from wagtail_localize import wagtail_hooks as localize_hooks

    registered = hooks._hooks[LISTING_BUTTONS_HOOK]
    registered[:] = [
        (translation_buttons if fn is localize_hooks.page_listing_more_buttons else fn, order)
        for fn, order in registered
    ]


def with_parents(pages):
    """``pages`` whose rows come with their parent page (``get_parent``), loaded at once.

    ``pages`` is a page queryset, specific or not; its rows are read with their
    parents in one more query, however many rows it has.
    """
    rows_iterable = pages._iterable_class

    class WithParentsIterable(rows_iterable):
        def __iter__(self):
            rows = list(super().__iter__())
            parent_paths = {row.path[: -row.steplen] for row in rows if row.depth > 1}
            parents = {parent.path: parent for parent in Page.objects.filter(path__in=parent_paths)}
            for row in rows:
                if row.depth > 1:
                    row._cached_parent_obj = parents[row.path[: -row.steplen]]
                yield row

    pages = pages.all()
    pages._iterable_class = WithParentsIterable
    return pages
