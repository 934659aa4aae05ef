"""Admin form tweaks shared by the whole project."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form, with a label on the password field (Wagtail leaves it to
    Django's untranslated default, "Password")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mot de passe")


class HeadlessPageForm(WagtailAdminPageForm):
    """The admin form of every page type: slugs are ASCII ("hopitaux-de-jour"), even when
    the browser's slugify did not run (``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` covers the
    JavaScript and the slug Wagtail derives from the title).

    Every edit starts without an expiry that has already passed: the expiry stays in the
    revision that expired the page; carried into the form, it would make every "Publier"
    and "Enregistrer le brouillon" fail ("must be in the future").
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expire_at = self.initial.get("expire_at")
        if expire_at is not None and expire_at <= timezone.now():
            self.initial["expire_at"] = None

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        return slugify(slug) if slug else slug

    #: The never-published draft this new page collides with (see ``clean``), or None.
    existing_draft = None

    def clean(self):
        """A new page whose slug is taken by a never-published draft the user may edit (an
        autosave of the same item, typically) is refused with a message naming the draft;
        the create view then links to it (``existing_draft``)."""
        cleaned_data = super().clean()
        if self.instance.pk is None and self.parent_page is not None and self.has_error("slug"):
            draft = self._own_draft_with_slug(slugify(self.data.get(self.add_prefix("slug"), "")))
            if draft is not None:
                self.existing_draft = draft
                self.errors["slug"] = self.error_class(
                    [_("Un brouillon de ce contenu existe déjà à cette adresse.")]
                )
        return cleaned_data

    def _own_draft_with_slug(self, slug: str):
        """The never-published sibling page with ``slug`` that the user may edit, or None."""
        if not slug or self.for_user is None:
            return None
        sibling = self.parent_page.get_children().filter(slug=slug).first()
        if sibling is None or sibling.live or sibling.first_published_at is not None:
            return None
        if not sibling.permissions_for_user(self.for_user).can_edit():
            return None
        return sibling
