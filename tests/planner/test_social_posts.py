"""Social posts: each network's length limit (hashtags and URLs counted as said in
news.social), hashtags, the visual's alt text, and a slot never before the embargo."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from news.social import LIMITS, Network, SocialPost, normalise_hashtags, post_length
from tests.factories import ImageFactory, NewsPageFactory
from tests.planner.conftest import schedule

pytestmark = pytest.mark.django_db

NAMES = {
    "x": "X",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "threads": "Threads",
}


@pytest.fixture
def page(news_index):
    return NewsPageFactory(parent=news_index, title="Un communiqué")


def make(page, network, text, **fields) -> SocialPost:
    if network == Network.INSTAGRAM and "image" not in fields:
        fields = {"image": ImageFactory(), "image_alt": "Une photo du ministre", **fields}
    return SocialPost(news_page=page, network=network, text=text, **fields)


def test_the_limits_are_the_networks_own():
    assert {str(network): limit for network, limit in LIMITS.items()} == {
        "x": 280,
        "bluesky": 300,
        "mastodon": 500,
        "linkedin": 3000,
        "facebook": 63206,
        "instagram": 2200,
        "threads": 500,
    }


@pytest.mark.parametrize("network", list(NAMES))
def test_each_network_accepts_its_limit_and_refuses_one_more(page, network):
    limit = LIMITS[network]
    make(page, network, "é" * limit).full_clean()
    with pytest.raises(ValidationError) as refused:
        make(page, network, "é" * (limit + 1)).full_clean()
    assert refused.value.message_dict["text"] == [
        f"Trop long pour {NAMES[network]} : {limit + 1} caractères, mots-dièse compris, "
        f"pour {limit} au plus."
    ]


def test_hashtags_count_with_their_line_break(page):
    text = "a" * 273  # + "\n#abcde" = 280
    make(page, Network.X, text, hashtags="abcde").full_clean()
    with pytest.raises(ValidationError) as refused:
        make(page, Network.X, text + "a", hashtags="#abcde").full_clean()
    assert "281 caractères" in refused.value.message_dict["text"][0]


def test_a_url_counts_23_on_x_and_mastodon_and_in_full_elsewhere():
    url = "https://www.info.gouv.fr/actualite/" + "a" * 100
    assert post_length("x", f"Lire {url}") == 5 + 23
    assert post_length("mastodon", f"Lire {url}") == 5 + 23
    assert post_length("bluesky", f"Lire {url}") == 5 + len(url)
    # NFC: a decomposed "é" counts one.
    assert post_length("x", "e\u0301") == 1


def test_hashtags_are_normalised_or_refused_in_french(page):
    assert normalise_hashtags("climat, #Santé  été") == "#climat #Santé #été"
    post = make(page, Network.X, "Texte", hashtags="santé #vaccination")
    post.full_clean()
    assert post.hashtags == "#santé #vaccination"
    with pytest.raises(ValidationError) as refused:
        make(page, Network.X, "Texte", hashtags="#ok pas-bon").full_clean()
    assert refused.value.message_dict["hashtags"] == [
        "« pas-bon » n'est pas un mot-dièse : lettres, chiffres et _ seulement."
    ]


def test_a_visual_needs_its_alt_text_and_instagram_a_visual(page):
    with pytest.raises(ValidationError) as refused:
        make(page, Network.X, "Texte", image=ImageFactory()).full_clean()
    assert refused.value.message_dict["image_alt"] == [
        "Le texte alternatif est obligatoire avec un visuel."
    ]
    with pytest.raises(ValidationError) as refused:
        make(page, Network.INSTAGRAM, "Texte", image=None).full_clean()
    assert refused.value.message_dict["image"] == [
        "Une publication Instagram a toujours un visuel."
    ]


def test_a_slot_before_the_embargo_is_refused(news_index):
    at = timezone.now() + datetime.timedelta(days=2)
    page = schedule(NewsPageFactory(parent=news_index, live=False), at=at, embargo=True)
    with pytest.raises(ValidationError) as refused:
        make(page, Network.X, "Texte", planned_at=at - datetime.timedelta(minutes=1)).full_clean()
    assert refused.value.message_dict["planned_at"][0].startswith(
        "Ce créneau précède la fin de l'embargo ("
    )
    make(page, Network.X, "Texte", planned_at=at).full_clean()


def test_instagram_takes_30_hashtags_at_most(page):
    tags = " ".join(f"#mot{number}" for number in range(30))
    make(page, Network.INSTAGRAM, "Texte", hashtags=tags).full_clean()
    with pytest.raises(ValidationError) as refused:
        make(page, Network.INSTAGRAM, "Texte", hashtags=tags + " #encore").full_clean()
    assert refused.value.message_dict["hashtags"] == ["Instagram accepte au plus 30 mots-dièse."]
    make(page, Network.X, "Texte", hashtags=tags + " #encore").full_clean()
