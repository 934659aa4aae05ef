"""Admin form tweaks shared by the whole project."""

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
    JavaScript and the slug Wagtail derives from the title)."""

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        return slugify(slug) if slug else slug
