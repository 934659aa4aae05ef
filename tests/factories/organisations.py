import datetime

from wagtail.models import Locale

import factory
from factory.django import DjangoModelFactory

from cms.organisations.models import Government, Ministry, Person, Topic


class GovernmentFactory(DjangoModelFactory):
    class Meta:
        model = Government

    label = factory.Sequence(lambda n: f"Gouvernement {n}")
    prime_minister_title = Government.PrimeMinisterTitle.PREMIER_MINISTRE
    prime_minister = factory.Sequence(lambda n: f"Dominique Martin {n}")
    start_date = datetime.date(2025, 10, 12)
    end_date = None


class MinistryFactory(DjangoModelFactory):
    class Meta:
        model = Ministry

    name = factory.Sequence(lambda n: f"Ministère numéro {n}")
    short_name = factory.Sequence(lambda n: f"Ministère {n}")
    slug = factory.Sequence(lambda n: f"ministere-{n}")
    locale = factory.LazyFunction(Locale.get_default)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Thématique {n}")
    slug = factory.Sequence(lambda n: f"thematique-{n}")
    locale = factory.LazyFunction(Locale.get_default)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Personne {n}")
