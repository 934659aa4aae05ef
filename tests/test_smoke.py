import pytest

from news.models import MinistryNewsPage
from tests.factories import MinistryNewsPageFactory, NewsPageFactory


@pytest.mark.django_db
def test_factories_build_a_tree(news_index, ministry_section):
    news = NewsPageFactory(parent=news_index)
    ministry_news = MinistryNewsPageFactory(parent=ministry_section)
    assert news.get_parent().specific == news_index
    assert MinistryNewsPage.objects.get(pk=ministry_news.pk).ministry == ministry_section.ministry
