"""Social-media copy of a news item: one ``SocialPost`` per network and planned slot.

Posts are their own model, not part of the page's revisions: writing them needs no right
on the page, creates no revision and never touches what is published. Community managers
write them (``news.social_admin``); the planner API and its iCal feed read them
(``news.planner``).

Length limits (characters, at 2026-11), from each network's own documentation:

- X: 280 — developer.x.com, "Counting characters" (every URL counts 23, t.co);
- Bluesky: 300 — docs.bsky.app, "Posts" (``app.bsky.feed.post``, 300 graphemes);
- Mastodon: 500 — docs.joinmastodon.org, "Publishing statuses" (default instance
  limit; every URL counts 23);
- LinkedIn: 3000 — LinkedIn Help, "Share a post" (post commentary);
- Facebook: 63206 — Meta for Developers, Graph API ``/{page-id}/feed`` ``message``;
- Instagram: 2200 — Instagram Help Centre, "Caption" (and 30 hashtags at most);
- Threads: 500 — Meta for Developers, Threads API "Text posts".

How we count (``post_length``, and the same rule in ``news/static/news/social_length.js``):
the copy is normalised to NFC and counted in Unicode code points; each ``http(s)://``
URL counts 23 on X and Mastodon, which shorten links, and its full length elsewhere; the
hashtags are posted after the copy, on a line of their own, so they count in full, with
one more character for the line break. Code points approximate graphemes (an emoji made
of several code points counts for several): the count errs on the safe side.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Network(models.TextChoices):
    X = "x", "X"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    THREADS = "threads", "Threads"


#: Longest post of each network, in characters (sources in the module docstring).
LIMITS: dict[str, int] = {
    Network.X: 280,
    Network.BLUESKY: 300,
    Network.MASTODON: 500,
    Network.LINKEDIN: 3000,
    Network.FACEBOOK: 63206,
    Network.INSTAGRAM: 2200,
    Network.THREADS: 500,
}
#: What one URL counts on the networks that shorten links (characters).
URL_LENGTHS: dict[str, int] = {Network.X: 23, Network.MASTODON: 23}
URL_PATTERN = re.compile(r"https?://\S+")
HASHTAG_PATTERN = re.compile(r"^#?(\w+)$")
#: Most hashtags Instagram accepts in a caption (Instagram Help Centre, "Caption").
INSTAGRAM_MAX_HASHTAGS = 30
#: Alternative text of the visual: X's limit, the lowest of the networks (characters).
ALT_MAX_LENGTH = 1000


def normalise_hashtags(value: str) -> str:
    """``"climat, #Santé  été"`` -> ``"#climat #Santé #été"``.

    Raises ``ValidationError`` (French) naming the first word that is not a hashtag.
    """
    tags = []
    for word in re.split(r"[\s,;]+", value.strip()):
        if not word:
            continue
        match = HASHTAG_PATTERN.match(word)
        if match is None:
            raise ValidationError(
                _("« %(word)s » n'est pas un mot-dièse : lettres, chiffres et _ seulement."),
                params={"word": word},
            )
        tags.append("#" + match.group(1))
    return " ".join(tags)


def post_length(network: str, text: str, hashtags: str = "") -> int:
    """The length of a post on ``network``, in characters, by the rule of the docstring."""
    text = unicodedata.normalize("NFC", text)
    url_length = URL_LENGTHS.get(network)
    if url_length is not None:
        text = URL_PATTERN.sub("x" * url_length, text)
    length = len(text)
    if hashtags:
        length += 1 + len(unicodedata.normalize("NFC", hashtags))
    return length


class SocialPost(models.Model):
    """The copy of a news item for one social network, with its visual and its slot.

    Written by the community managers; not part of the page, so editing it never needs
    a right on the page nor creates a revision. The planner API lists planned posts.
    """

    news_page = models.ForeignKey(
        "news.NewsPage",
        verbose_name=_("actualité"),
        on_delete=models.CASCADE,
        related_name="social_posts",
    )
    network = models.CharField(_("réseau"), max_length=20, choices=Network.choices)
    text = models.TextField(
        _("texte"),
        help_text=_("Le texte publié ; la longueur permise dépend du réseau."),
    )
    hashtags = models.CharField(
        _("mots-dièse"),
        max_length=500,
        blank=True,
        help_text=_(
            "Séparés par des espaces, par exemple : #Santé #Vaccination. "
            "Ils comptent dans la longueur du message."
        ),
    )
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("visuel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif du visuel"),
        max_length=ALT_MAX_LENGTH,
        blank=True,
        help_text=_("Décrit le visuel pour qui ne le voit pas ; obligatoire avec un visuel."),
    )
    planned_at = models.DateTimeField(
        _("créneau prévu"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Heure de Paris. Laisser vide tant que le créneau n'est pas décidé."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("publication sur les réseaux")
        verbose_name_plural = _("publications sur les réseaux")
        ordering = ["planned_at", "network", "pk"]

    def __str__(self):
        return f"{self.get_network_display()} – {self.news_page.draft_title}"

    @property
    def hashtag_list(self) -> list[str]:
        """``["#Santé", "#Vaccination"]``."""
        return self.hashtags.split()

    @property
    def length(self) -> int:
        return post_length(self.network, self.text, self.hashtags)

    @property
    def limit(self) -> int:
        return LIMITS[self.network]

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        try:
            self.hashtags = normalise_hashtags(self.hashtags)
        except ValidationError as error:
            errors["hashtags"] = error.messages
        if (
            self.network == Network.INSTAGRAM
            and not errors
            and len(self.hashtag_list) > INSTAGRAM_MAX_HASHTAGS
        ):
            errors["hashtags"] = [
                _("Instagram accepte au plus %(count)s mots-dièse.")
                % {"count": INSTAGRAM_MAX_HASHTAGS}
            ]
        if self.network in LIMITS and not errors and self.length > self.limit:
            errors["text"] = [
                _(
                    "Trop long pour %(network)s : %(length)s caractères, mots-dièse compris, "
                    "pour %(limit)s au plus."
                )
                % {
                    "network": self.get_network_display(),
                    "length": self.length,
                    "limit": self.limit,
                }
            ]
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = [_("Le texte alternatif est obligatoire avec un visuel.")]
        if self.network == Network.INSTAGRAM and not self.image_id:
            errors["image"] = [_("Une publication Instagram a toujours un visuel.")]
        embargo = self.news_page_embargo()
        if self.planned_at and embargo and self.planned_at < embargo:
            errors["planned_at"] = [
                _("Ce créneau précède la fin de l'embargo (%(date)s) : choisissez-en un après.")
                % {"date": date_format(timezone.localtime(embargo), "d/m/Y H:i")}
            ]
        if errors:
            raise ValidationError(errors)

    def news_page_embargo(self):
        """The latest embargo instant of the item, scheduled or as last edited, or None."""
        if self.news_page_id is None:
            return None
        page = self.news_page
        instants = []
        for revision in (page.scheduled_revision, page.latest_revision):
            value = revision.content.get("embargo_until") if revision else None
            if isinstance(value, str):
                value = parse_datetime(value)
            if value is not None:
                instants.append(value)
        if page.embargo_until:
            instants.append(page.embargo_until)
        return max(instants, default=None)
