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


def translate_section(section: MinistryPage, locale) -> MinistryPage:
    """Translate a ministry section, with its home, index and ministry, into ``locale``,
    and bring the ministry's roles up to date (its groups then cover both sections)."""
    from cms.workflows import roles

    index = section.get_parent()
    index.get_parent().copy_for_translation(locale)
    index.copy_for_translation(locale)
    ministry = section.ministry.copy_for_translation(locale)
    ministry.save()
    translated = section.copy_for_translation(locale)
    translated.ministry = ministry
    translated.save()
    roles.sync_ministry_roles(section.ministry)
    return translated
