"""wagtail-localize works on news items: segments extracted, translation created."""

from wagtail_localize.models import String, TranslationSource

import pytest

from news.models import NewsPage, NewsPageTopic
from tests.factories import ImageFactory, NewsPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_news_item_translates_with_its_blocks_and_relations(home, news_index, english):
    home.copy_for_translation(english)
    topic = TopicFactory(name="Santé")
    topic.copy_for_translation(english).save()
    page = NewsPageFactory(
        parent=news_index,
        title="Plan santé",
        chapo="Le Gouvernement présente son plan.",
        body=[
            ("paragraph", "<p>Premier paragraphe.</p>"),
            ("heading", {"text": "Les mesures", "level": "h2"}),
            (
                "image",
                {
                    "image": ImageFactory(),
                    "decorative": False,
                    "alt_text": "",
                    "caption": "Légende",
                    "credit": "",
                },
            ),
        ],
    )
    NewsPageTopic.objects.create(page=page, topic=topic)
    page.save_revision().publish()

    source, _ = TranslationSource.get_or_create_from_instance(NewsPage.objects.get(pk=page.pk))
    strings = set(String.objects.filter(segments__source=source).values_list("data", flat=True))
    assert {
        "Plan santé",
        "Le Gouvernement présente son plan.",
        "Premier paragraphe.",
        "Les mesures",
        "Légende",
    } <= strings

    source.create_or_update_translation(english, copy_parent_pages=True, fallback=True)
    translation = NewsPage.objects.get(translation_key=page.translation_key, locale=english)
    assert translation.get_parent().locale == english
    # Relations are synchronised: they keep pointing at the French source, whose identity
    # (translation_key) the API resolves in the reader's language.
    assert [link.topic for link in translation.topic_links.all()] == [topic]
    assert topic.get_translation(english).name == "Santé"
