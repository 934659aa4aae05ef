import factory
import wagtail_factories

from news.models import (
    MinistryIndexPage,
    MinistryNewsPage,
    MinistryPage,
    NewsIndexPage,
    NewsKind,
    NewsPage,
)
from tests.factories.organisations import MinistryFactory


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Actualités"
    slug = "actualites"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Actualité {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    kind = NewsKind.NEWS
    chapo = "Un chapô court et informatif."


class MinistryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MinistryIndexPage

    title = "Ministères"
    slug = "ministeres"


class MinistryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MinistryPage

    ministry = factory.SubFactory(MinistryFactory)
    title = factory.LazyAttribute(lambda o: o.ministry.name)
    slug = factory.LazyAttribute(lambda o: o.ministry.slug)


class MinistryNewsPageFactory(NewsPageFactory):
    class Meta:
        model = MinistryNewsPage
