"""What every page type shares, and where a page is public: its path and front-end URL."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from wagtail.models import Page, PagePermissionTester, Revision

from cms.forms import HeadlessPageForm


class LeafPagePermissionTester(PagePermissionTester):
    """Wagtail's permission tester, without a query for the delete and move checks of a
    page that has no children (each row of a listing, for a contributor)."""

    def can_delete(self, ignore_bulk=False):
        """Whether the user may delete the page (or move it, with ``ignore_bulk``).

        Wagtail asks the database about the pages a deletion would remove, the page and
        its descendants: without descendants, the page's own fields answer the same.
        """
        page = self.page
        if page.numchild or self.page_is_root or self.user.is_superuser:
            return super().can_delete(ignore_bulk)
        if not self.user.is_active:
            return False
        may_publish = "publish" in self.permissions
        if "change" in self.permissions:
            return may_publish or not page.live
        if "add" in self.permissions:
            return page.owner_id == self.user.pk and (may_publish or not page.live)
        return False


def public_path_of(url_path: str, language_code: str) -> str:
    """The public path of a page from its ``url_path`` and language: the ``url_path``
    without the language's home (its first segment), the language prefixed outside the
    default one (``LANGUAGE_CODE``). ``/accueil/actualites/plan/`` in French is
    ``/actualites/plan/``; in English, ``/en/news/plan/``; a home is ``/`` (``/en/``)."""
    segments = url_path.strip("/").split("/")[1:]
    path = "/" + "".join(f"{segment}/" for segment in segments)
    if language_code != settings.LANGUAGE_CODE:
        path = f"/{language_code}{path}"
    return path


def frontend_base_url(site_root_url: str | None = None) -> str:
    """The front end's base URL for the Wagtail site whose ``root_url`` is given
    (``http://gouvernail.example:8000``): ``FRONTEND_BASE_URLS[<its host name>]``, else
    ``FRONTEND_BASE_URL``; without a final slash."""
    hostname = urlsplit(site_root_url).hostname if site_root_url else None
    return settings.FRONTEND_BASE_URLS.get(hostname, settings.FRONTEND_BASE_URL).rstrip("/")


@dataclass(frozen=True)
class PreviewMode:
    """A preview mode of every page: its label in the admin, and the function answering
    a preview in it, ``serve(page, request) -> HttpResponse``."""

    label: str
    serve: Callable[[Page, HttpRequest], HttpResponse]


#: The preview modes of every page, by name, the default first; filled by ``cms.previews``
#: (``PreviewsConfig.ready()``), which may read the publication pipeline.
PREVIEW_MODES: dict[str, PreviewMode] = {}


class HeadlessPage(Page):
    """A page that is only ever read through the API: no HTML rendering here.

    The public site is a separate consumer of the API, so Wagtail's own page serving
    answers 404. Previews (the editor's panel, "Voir le brouillon", a revision's, a
    workflow task's) are answered in the modes of ``PREVIEW_MODES``.
    """

    base_form_class = HeadlessPageForm

    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        """``[(name, label)]`` of ``PREVIEW_MODES``: the first is Wagtail's default mode."""
        return [(name, mode.label) for name, mode in PREVIEW_MODES.items()]

    def serve_preview(self, request, mode_name):
        """The preview of this page object (a revision's, or the editor's unsaved form) in
        mode ``mode_name``; raises ``Http404`` for a mode that does not exist (``?mode=``).

        Wagtail calls it after its own permission checks (and the ministries' isolation,
        ``cms.workflows.isolation``), from ``make_preview_request``."""
        mode = PREVIEW_MODES.get(mode_name)
        if mode is None:
            raise Http404
        return mode.serve(self, request)

    #: Index updates are deferred out of the saving transaction (``cms.scheduling.indexing``).
    search_auto_update = False

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        raise Http404

    def get_url_parts(self, request=None):
        """``(site id, front end's base URL, public path)``: the page's URL is on the
        front end, never on the admin's host (``frontend_base_url``, ``public_path_of``,
        the rule of the API's ``url``); ``None`` outside every site, as Wagtail's.

        Wagtail's ``url``, ``full_url`` and ``get_site`` read it: the admin's "Voir en
        ligne" links, listings and e-mails give the public URL.
        """
        roots = self._get_relevant_site_root_paths(request)
        if not roots:
            return None
        root = roots[0]
        return (
            root.site_id,
            frontend_base_url(root.root_url),
            public_path_of(self.url_path, root.language_code),
        )

    def get_url(self, request=None, current_site=None):
        """Always the absolute front-end URL: the admin and the public site are on
        different hosts (Wagtail gives a relative URL on a single site)."""
        return self.get_full_url(request)

    url = property(get_url)

    def permissions_for_user(self, user):
        """What ``user`` may do on this page (``LeafPagePermissionTester``)."""
        return LeafPagePermissionTester(user, self)

    @property
    def planned_go_live_at(self):
        """When this page is to go live, as edited: its scheduled publication (``go_live_at``).

        A page type with its own rule (the news items' embargo) overrides it.
        """
        return self.go_live_at


def went_live(obj, revision: Revision) -> bool:
    """Whether publishing ``revision`` put it online now, rather than scheduling it.

    Wagtail sends its ``page_published`` and ``published`` signals, and runs ``publish``,
    for a scheduled revision too: what belongs to going live waits for this to be true.
    """
    return bool(obj.live) and obj.live_revision_id == revision.pk
