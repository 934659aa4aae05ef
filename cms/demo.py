"""Demo content: governments, ministries, topics, media, news and one account per role.

``seed_demo`` is idempotent: every object is looked up by its natural key (label, slug
and locale, title, slug under its parent, username) and only created when missing, so a
second run creates nothing. Everything is generated locally and deterministically: images
are drawn with Pillow, documents written by hand, and the news plan comes from
``random.Random(SEED)`` and fixed dates, never from the current date.
"""

from __future__ import annotations

import datetime
import functools
import io
import random
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from wagtail.models import Page, PageLogEntry, Revision
from wagtail.users.models import UserProfile
from wagtail.utils.file import hash_filelike

from PIL import Image, ImageDraw, ImageFont

from cms.media.models import DEFAULT_CREDIT, CustomDocument, CustomImage
from cms.organisations.models import (
    PARIS,
    Government,
    Ministry,
    MinistryFormerName,
    MinistryPredecessor,
    Person,
    Topic,
)
from home.models import HomeFeaturedItem, HomePage
from news.models import (
    MinistryIndexPage,
    MinistryNewsPage,
    MinistryPage,
    NewsIndexPage,
    NewsKind,
    NewsPage,
    NewsPageAttachment,
    NewsPageMinistry,
    NewsPageRelatedPage,
    NewsPageTopic,
)

SEED = 42

BARNIER_START = datetime.date(2024, 9, 21)
BAYROU_START = datetime.date(2024, 12, 23)
LECORNU_START = datetime.date(2025, 10, 12)
#: Structural pages (indexes, sections) are dated from the opening of the site.
SITE_OPENING = datetime.datetime(2025, 1, 6, 9, 0, tzinfo=PARIS)
FIRST_NEWS_DAY = datetime.date(2025, 1, 8)
LAST_NEWS_DAY = datetime.date(2026, 11, 12)
#: The first Conseil des ministres reported; one report every ten weeks from there.
FIRST_COUNCIL_DAY = datetime.date(2025, 1, 8)
COUNCIL_REPORTS = 10
MAJOR_CHANGE_DELAY = datetime.timedelta(days=5)

#: Development only (``DEBUG``): each account's initial password is this prefix + username.
DEV_PASSWORD_PREFIX = "gouvernail-"  # noqa: S105 - documented throwaway dev password
ACCESSIBILITY_CONTACT = "accessibilite@sig.gouv.fr"
FIGURES_SOURCE = "Chiffres fictifs – contenu de démonstration"

EDITORS_GROUP = "Rédaction – éditeurs"
CHIEF_EDITORS_GROUP = "Rédaction – rédacteurs en chef"
CRISIS_UNIT_GROUP = "Cellule de crise"
SOCIAL_MEDIA_GROUP = "Réseaux sociaux"
#: The ministry whose section gets its own contributors and validators.
DEMO_MINISTRY_SLUG = "sante"

FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def ministry_group_names(short_name: str) -> tuple[str, str]:
    """The contributors' and validators' group names of a ministry section."""
    return f"{short_name} – contributeurs", f"{short_name} – valideurs"


# --- What to create -------------------------------------------------------------------


@dataclass(frozen=True)
class GovernmentSpec:
    label: str
    prime_minister: str
    start_date: datetime.date
    end_date: datetime.date | None


@dataclass(frozen=True)
class MinistrySpec:
    """A ministry; ``former_name`` was its name until the Lecornu II government."""

    slug: str
    name: str
    short_name: str
    acronym: str = ""
    start_date: datetime.date = BAYROU_START
    end_date: datetime.date | None = None
    former_name: str = ""
    predecessors: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    name: str
    description: str = ""
    parent: str = ""


@dataclass(frozen=True)
class PersonSpec:
    name: str
    role: str
    title: str
    ministry: str = ""


@dataclass(frozen=True)
class IllustrationSpec:
    key: str
    title: str
    description: str
    colours: tuple[str, str]
    licence: str = CustomImage.Licence.ETALAB_2


@dataclass(frozen=True)
class DocumentSpec:
    """A generated document; its format follows the file extension (.pdf or .csv)."""

    key: str
    title: str
    filename: str
    lines: tuple[str, ...]
    accessible: bool = True
    alternative_format_contact: str = ""


@dataclass(frozen=True)
class Subject:
    """A public policy the news talk about; ``section`` marks a ministry's own subject.

    The texts are built into sentences: ``phrase`` has its article and follows "pour" or
    "sur"; ``goal`` is an infinitive clause that follows "à" or "Objectif :"; ``audience``
    follows "concernent". ``figures`` are (value, unit, label) key figures.
    """

    key: str
    headline: str
    phrase: str
    goal: str
    audience: str
    measures: tuple[str, ...]
    figures: tuple[tuple[str, str, str], ...]
    topics: tuple[str, ...]
    ministries: tuple[str, ...]
    image: str
    service: tuple[str, str]
    document: str = ""
    update_note: str = ""
    section: str = ""


@dataclass(frozen=True)
class AccountSpec:
    role: str
    username: str
    first_name: str
    last_name: str
    group: str = ""
    superuser: bool = False


GOVERNMENTS = (
    GovernmentSpec("Gouvernement Barnier", "Michel Barnier", BARNIER_START, BAYROU_START),
    GovernmentSpec("Gouvernement Bayrou", "François Bayrou", BAYROU_START, LECORNU_START),
    GovernmentSpec("Gouvernement Lecornu II", "Sébastien Lecornu", LECORNU_START, None),
)

# Predecessors come before the ministries that list them.
MINISTRIES = (
    MinistrySpec("interieur", "Ministère de l'Intérieur", "Intérieur"),
    MinistrySpec("justice", "Ministère de la Justice", "Justice"),
    MinistrySpec(
        "armees",
        "Ministère des Armées et des Anciens combattants",
        "Armées",
        former_name="Ministère des Armées",
    ),
    MinistrySpec(
        "europe-affaires-etrangeres",
        "Ministère de l'Europe et des Affaires étrangères",
        "Europe et Affaires étrangères",
        "MEAE",
    ),
    MinistrySpec(
        "economie-finances-souverainete-industrielle-numerique",
        "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique",
        "Économie et Finances",
        "MEFSIN",
        end_date=LECORNU_START,
    ),
    MinistrySpec(
        "industrie-energie",
        "Ministère chargé de l'Industrie et de l'Énergie",
        "Industrie et Énergie",
        end_date=LECORNU_START,
    ),
    MinistrySpec(
        "economie",
        "Ministère de l'Économie, des Finances et de la Souveraineté industrielle, "
        "énergétique et numérique",
        "Économie",
        start_date=LECORNU_START,
        predecessors=("economie-finances-souverainete-industrielle-numerique", "industrie-energie"),
    ),
    MinistrySpec(
        "comptes-publics",
        "Ministère de l'Action et des Comptes publics",
        "Comptes publics",
        start_date=LECORNU_START,
    ),
    MinistrySpec(
        "travail-sante-solidarites-familles",
        "Ministère du Travail, de la Santé, des Solidarités et des Familles",
        "Travail, Santé et Solidarités",
        end_date=LECORNU_START,
    ),
    MinistrySpec(
        "travail-solidarites",
        "Ministère du Travail et des Solidarités",
        "Travail",
        start_date=LECORNU_START,
        predecessors=("travail-sante-solidarites-familles",),
    ),
    MinistrySpec(
        "sante",
        "Ministère de la Santé, des Familles, de l'Autonomie et des Personnes handicapées",
        "Santé",
        start_date=LECORNU_START,
        predecessors=("travail-sante-solidarites-familles",),
    ),
    MinistrySpec(
        "education-nationale", "Ministère de l'Éducation nationale", "Éducation nationale"
    ),
    MinistrySpec(
        "enseignement-superieur-recherche-espace",
        "Ministère de l'Enseignement supérieur, de la Recherche et de l'Espace",
        "Enseignement supérieur et Recherche",
        start_date=LECORNU_START,
    ),
    MinistrySpec("culture", "Ministère de la Culture", "Culture"),
    MinistrySpec(
        "agriculture",
        "Ministère de l'Agriculture, de l'Agroalimentaire et de la Souveraineté alimentaire",
        "Agriculture",
        "MASA",
        former_name="Ministère de l'Agriculture et de la Souveraineté alimentaire",
    ),
    MinistrySpec(
        "transition-ecologique",
        "Ministère de la Transition écologique, de la Biodiversité et des Négociations "
        "internationales sur le climat et la nature",
        "Transition écologique",
        former_name="Ministère de la Transition écologique, de la Biodiversité, de la Forêt, "
        "de la Mer et de la Pêche",
    ),
    MinistrySpec(
        "amenagement-territoire-decentralisation",
        "Ministère de l'Aménagement du territoire et de la Décentralisation",
        "Aménagement du territoire",
    ),
    MinistrySpec(
        "ville-logement",
        "Ministère de la Ville et du Logement",
        "Ville et Logement",
        start_date=LECORNU_START,
    ),
    MinistrySpec("outre-mer", "Ministère des Outre-mer", "Outre-mer"),
    MinistrySpec(
        "sports-jeunesse-vie-associative",
        "Ministère des Sports, de la Jeunesse et de la Vie associative",
        "Sports",
    ),
    MinistrySpec("transports", "Ministère des Transports", "Transports"),
)
MINISTRY_SPECS = {spec.slug: spec for spec in MINISTRIES}

#: The ministries that get a section (``MinistryPage``) and their own news.
SECTION_SLUGS = (
    "interieur",
    "sante",
    "education-nationale",
    "agriculture",
    "culture",
    "transition-ecologique",
    "economie",
)

# Parents come before their children.
TOPICS = (
    TopicSpec("sante", "Santé", "Accès aux soins, prévention, hôpital et médicaments."),
    TopicSpec("prevention", "Prévention", "Vaccination, dépistage et santé mentale.", "sante"),
    TopicSpec("emploi", "Emploi", "Travail, formation et insertion professionnelle."),
    TopicSpec("apprentissage", "Apprentissage", "Alternance et formation des jeunes.", "emploi"),
    TopicSpec("securite", "Sécurité", "Sécurité du quotidien, sécurité civile et crises."),
    TopicSpec("education", "Éducation", "École, collège, lycée et réussite des élèves."),
    TopicSpec(
        "transition-ecologique",
        "Transition écologique",
        "Climat, biodiversité, énergie et sobriété.",
    ),
    TopicSpec(
        "climat", "Climat", "Adaptation et lutte contre le réchauffement.", "transition-ecologique"
    ),
    TopicSpec(
        "energie", "Énergie", "Production, prix et économies d'énergie.", "transition-ecologique"
    ),
    TopicSpec(
        "agriculture", "Agriculture", "Agriculteurs, alimentation et souveraineté alimentaire."
    ),
    TopicSpec("economie", "Économie", "Croissance, finances publiques, entreprises et industrie."),
    TopicSpec(
        "pouvoir-d-achat", "Pouvoir d'achat", "Prix, revenus et aides aux ménages.", "economie"
    ),
    TopicSpec("culture", "Culture", "Patrimoine, création et accès à la culture."),
    TopicSpec("logement", "Logement", "Construction, rénovation et accès au logement."),
    TopicSpec("numerique", "Numérique", "Services publics numériques et économie numérique."),
    TopicSpec(
        "intelligence-artificielle",
        "Intelligence artificielle",
        "Usages, recherche et confiance.",
        "numerique",
    ),
    TopicSpec("justice", "Justice", "Justice du quotidien, prisons et droits."),
    TopicSpec("europe-international", "Europe et international", "Union européenne et diplomatie."),
    TopicSpec("defense", "Défense", "Armées, programmation militaire et industrie de défense."),
    TopicSpec("outre-mer", "Outre-mer", "Les territoires ultramarins."),
    TopicSpec("sport", "Sport", "Pratique sportive et héritage des Jeux."),
    TopicSpec("territoires", "Territoires", "Collectivités, ruralité et aménagement."),
)

PEOPLE = (
    PersonSpec("Sébastien Lecornu", Person.Role.PRIME_MINISTER, "Premier ministre"),
    PersonSpec(
        "Maud Bregeon",
        Person.Role.SPOKESPERSON,
        "Ministre déléguée auprès du Premier ministre, porte-parole du Gouvernement",
    ),
    PersonSpec(
        "Roland Lescure",
        Person.Role.MINISTER,
        "Ministre de l'Économie, des Finances et de la Souveraineté industrielle, "
        "énergétique et numérique",
        "economie",
    ),
    PersonSpec(
        "Stéphanie Rist",
        Person.Role.MINISTER,
        "Ministre de la Santé, des Familles, de l'Autonomie et des Personnes handicapées",
        "sante",
    ),
    PersonSpec("Laurent Nuñez", Person.Role.MINISTER, "Ministre de l'Intérieur", "interieur"),
    PersonSpec(
        "Annie Genevard",
        Person.Role.MINISTER,
        "Ministre de l'Agriculture, de l'Agroalimentaire et de la Souveraineté alimentaire",
        "agriculture",
    ),
)

ILLUSTRATIONS = (
    IllustrationSpec(
        "matignon",
        "Hôtel de Matignon",
        "Illustration : la cour de l'hôtel de Matignon",
        ("#000091", "#6a6af4"),
    ),
    IllustrationSpec(
        "conseil",
        "Salle du Conseil des ministres",
        "Illustration : la table du Conseil des ministres au palais de l'Élysée",
        ("#1b1b35", "#c9191e"),
    ),
    IllustrationSpec(
        "hopital",
        "Service hospitalier",
        "Illustration : un couloir de service hospitalier",
        ("#0a76f6", "#b8fec9"),
    ),
    IllustrationSpec(
        "ecole",
        "Salle de classe",
        "Illustration : une salle de classe d'école élémentaire",
        ("#fcc63a", "#e4794a"),
    ),
    IllustrationSpec(
        "champ",
        "Exploitation agricole",
        "Illustration : un champ de blé au lever du jour",
        ("#68a532", "#fcc63a"),
    ),
    IllustrationSpec(
        "eoliennes",
        "Parc éolien en mer",
        "Illustration : des éoliennes au large des côtes",
        ("#009099", "#dee5fd"),
    ),
    IllustrationSpec(
        "secours",
        "Forces de sécurité et de secours",
        "Illustration : des véhicules de police et de pompiers lors d'une intervention",
        ("#000091", "#e1000f"),
    ),
    IllustrationSpec(
        "chantier",
        "Chantier de logements",
        "Illustration : la construction d'un immeuble de logements",
        ("#a94645", "#fceeac"),
        CustomImage.Licence.AGENCY,
    ),
    IllustrationSpec(
        "numerique",
        "Centre de données",
        "Illustration : les baies de serveurs d'un centre de données",
        ("#161616", "#417dc4"),
    ),
    IllustrationSpec(
        "musee",
        "Galerie de musée",
        "Illustration : une galerie de peintures dans un musée national",
        ("#6e445a", "#fee9e6"),
    ),
    IllustrationSpec(
        "hemicycle",
        "Hémicycle de l'Assemblée nationale",
        "Illustration : les bancs de l'hémicycle de l'Assemblée nationale",
        ("#8d533e", "#e1000f"),
    ),
    IllustrationSpec(
        "atelier",
        "Atelier industriel",
        "Illustration : un atelier de production industrielle",
        ("#3a3a3a", "#ff9575"),
    ),
    IllustrationSpec(
        "port",
        "Port de commerce",
        "Illustration : des conteneurs sur le quai d'un port de commerce",
        ("#00a95f", "#0063cb"),
    ),
    IllustrationSpec(
        "stade",
        "Équipement sportif",
        "Illustration : un terrain de sport de proximité",
        ("#18753c", "#ffe552"),
    ),
)


def _council_calendar() -> tuple[str, ...]:
    """CSV rows: every Wednesday of 2026 outside August."""
    day = datetime.date(2026, 1, 7)
    rows = ["date;lieu"]
    while day.year == 2026:
        if day.month != 8:
            rows.append(f"{day.isoformat()};Palais de l'Élysée")
        day += datetime.timedelta(weeks=1)
    return tuple(rows)


CALENDAR_DOCUMENT = "calendrier-2026"
DOCUMENTS = (
    DocumentSpec(
        "plf-2026",
        "Projet de loi de finances pour 2026 : les chiffres clés",
        "plf-2026-chiffres-cles.pdf",
        (
            "Document de démonstration généré par Gouvernail.",
            "Les montants ci-dessous sont fictifs.",
            "Dépenses de l'État : 490 milliards d'euros.",
            "Économies prévues : 30 milliards d'euros.",
            "Déficit public visé : 4,7 % du PIB.",
        ),
    ),
    DocumentSpec(
        "pnacc",
        "Plan national d'adaptation au changement climatique : synthèse",
        "pnacc-synthese.pdf",
        (
            "Document de démonstration généré par Gouvernail.",
            "Le plan prépare le pays à un réchauffement de 4 °C d'ici à 2100.",
            "Il comporte des mesures pour les territoires, l'économie et la population.",
        ),
    ),
    DocumentSpec(
        "rapport-2024",
        "Rapport annuel de performance 2024 (version numérisée)",
        "rapport-annuel-performance-2024.pdf",
        (
            "Document de démonstration généré par Gouvernail.",
            "Version numérisée d'un document papier : non accessible.",
        ),
        accessible=False,
        alternative_format_contact=ACCESSIBILITY_CONTACT,
    ),
    DocumentSpec(
        CALENDAR_DOCUMENT,
        "Calendrier des Conseils des ministres 2026 (données)",
        "calendrier-conseils-des-ministres-2026.csv",
        _council_calendar(),
    ),
)

SERVICE_PUBLIC = ("Vos démarches sur service-public.fr", "https://www.service-public.fr/")
AMELI = ("Vos démarches sur ameli.fr", "https://www.ameli.fr/")
FRANCE_TRAVAIL = ("Accéder à France Travail", "https://www.francetravail.fr/")
EDUCATION = ("Consulter le site de l'Éducation nationale", "https://www.education.gouv.fr/")
AGRICULTURE = ("Consulter le site du ministère de l'Agriculture", "https://agriculture.gouv.fr/")

NATIONAL_SUBJECTS = (
    Subject(
        "sante-mentale",
        "Santé mentale des jeunes",
        "la santé mentale des jeunes",
        "repérer plus tôt les difficultés et raccourcir les délais de prise en charge",
        "les jeunes de 11 à 25 ans, leurs familles et les professionnels qui les accompagnent",
        (
            "Un repérage systématique lors des bilans de santé au collège et au lycée",
            "Des séances d'accompagnement psychologique remboursées, sans avance de frais",
            "Un secouriste en santé mentale formé dans chaque établissement scolaire",
        ),
        (
            ("12", "séances", "prises en charge chaque année"),
            ("48", "heures", "pour obtenir un premier rendez-vous"),
            ("3 000", "", "secouristes formés d'ici à la fin de l'année"),
        ),
        ("sante", "prevention"),
        ("sante", "education-nationale"),
        "hopital",
        ("Trouver un professionnel de santé", "https://www.sante.fr/"),
    ),
    Subject(
        "acces-soins",
        "Accès aux soins",
        "l'accès aux soins dans les territoires",
        "garantir à chacun un médecin traitant et des soins à moins de trente minutes",
        "les habitants des territoires où les médecins manquent",
        (
            "Des consultations avancées de médecins dans les zones sous-dotées",
            "Une aide à l'installation renforcée pour les jeunes médecins",
            "Le développement des maisons de santé pluriprofessionnelles",
        ),
        (
            ("4 000", "", "assistants médicaux supplémentaires"),
            ("30", "minutes", "de trajet au plus pour consulter"),
        ),
        ("sante", "territoires"),
        ("sante", "amenagement-territoire-decentralisation"),
        "hopital",
        AMELI,
    ),
    Subject(
        "apprentissage",
        "Apprentissage",
        "le développement de l'apprentissage",
        "former davantage de jeunes aux métiers qui recrutent",
        "les jeunes de 16 à 29 ans, les entreprises et les centres de formation d'apprentis",
        (
            "Une aide à l'embauche d'apprentis maintenue pour les petites entreprises",
            "Un accompagnement renforcé pour éviter les ruptures de contrat",
            "Des passerelles facilitées entre lycée professionnel et apprentissage",
        ),
        (
            ("850 000", "", "contrats d'apprentissage signés en un an"),
            ("6 000", "€", "d'aide à l'embauche"),
        ),
        ("emploi", "apprentissage"),
        ("travail-solidarites", "education-nationale"),
        "atelier",
        FRANCE_TRAVAIL,
    ),
    Subject(
        "plein-emploi",
        "Plein emploi",
        "le retour au plein emploi",
        "accompagner chaque demandeur d'emploi vers un poste durable",
        "les demandeurs d'emploi, les allocataires du RSA et les employeurs qui recrutent",
        (
            "Un accompagnement personnalisé dès l'inscription à France Travail",
            "Quinze heures d'activités par semaine pour les allocataires du RSA",
            "Des formations financées dans les métiers en tension",
        ),
        (
            ("7,4", "%", "taux de chômage au dernier trimestre"),
            ("1,2", "million", "d'allocataires accompagnés"),
        ),
        ("emploi",),
        ("travail-solidarites",),
        "atelier",
        FRANCE_TRAVAIL,
    ),
    Subject(
        "securite-quotidien",
        "Sécurité du quotidien",
        "la sécurité du quotidien",
        "renforcer la présence des forces de l'ordre sur la voie publique",
        "tous les habitants, en particulier ceux des quartiers les plus exposés",
        (
            "Davantage de policiers et de gendarmes sur le terrain",
            "De nouvelles brigades de gendarmerie dans les territoires ruraux",
            "Des amendes forfaitaires étendues pour sanctionner plus vite les incivilités",
        ),
        (
            ("239", "", "nouvelles brigades de gendarmerie"),
            ("2", "fois plus", "de patrouilles sur la voie publique"),
        ),
        ("securite",),
        ("interieur", "justice"),
        "secours",
        SERVICE_PUBLIC,
    ),
    Subject(
        "inondations",
        "Inondations",
        "la prévention des inondations",
        "mieux alerter la population et accélérer l'indemnisation des sinistrés",
        "les habitants des communes exposées aux crues et les collectivités",
        (
            "Une alerte par SMS étendue à toutes les communes à risque",
            "Une indemnisation des sinistrés en moins de trois mois",
            "Des travaux de protection financés par le fonds de prévention des risques",
        ),
        (
            ("17", "millions", "d'habitants exposés au risque d'inondation"),
            ("3", "mois", "au plus pour être indemnisé"),
        ),
        ("securite", "climat"),
        ("interieur", "transition-ecologique"),
        "secours",
        ("Suivre la vigilance crues", "https://www.vigicrues.gouv.fr/"),
    ),
    Subject(
        "reussite-eleves",
        "Réussite des élèves",
        "la réussite des élèves",
        "consolider les savoirs fondamentaux dès l'école primaire",
        "les élèves, leurs parents et les équipes pédagogiques",
        (
            "Des groupes de besoins en français et en mathématiques au collège",
            "Des évaluations nationales à chaque début de cycle",
            "Une aide aux devoirs gratuite pour tous les collégiens",
        ),
        (
            ("15", "élèves", "au plus par groupe de besoins"),
            ("100", "%", "des collèges concernés à la rentrée"),
        ),
        ("education",),
        ("education-nationale",),
        "ecole",
        EDUCATION,
    ),
    Subject(
        "budget",
        "Budget 2026",
        "le budget de l'État pour 2026",
        "redresser les comptes publics tout en protégeant les ménages les plus modestes",
        "l'ensemble des contribuables, des entreprises et des collectivités",
        (
            "Une maîtrise des dépenses de l'État, à périmètre constant",
            "Le barème de l'impôt sur le revenu indexé sur l'inflation",
            "Une contribution exceptionnelle des plus grandes entreprises",
        ),
        (
            ("4,7", "%", "de déficit public visé en 2026"),
            ("30", "Md€", "d'économies sur les dépenses"),
        ),
        ("economie",),
        ("economie", "comptes-publics"),
        "hemicycle",
        ("Simuler son impôt", "https://www.impots.gouv.fr/"),
        document="plf-2026",
        update_note="Mise à jour après l'examen du texte au Parlement : les montants sont actualisés.",
    ),
    Subject(
        "pouvoir-achat",
        "Pouvoir d'achat",
        "le pouvoir d'achat des ménages",
        "contenir la hausse des prix de l'énergie et des produits du quotidien",
        "les ménages, en priorité ceux aux revenus modestes",
        (
            "Un chèque énergie versé automatiquement aux foyers éligibles",
            "Des contrôles renforcés contre les pratiques commerciales abusives",
            "Une prime de partage de la valeur simplifiée pour les salariés",
        ),
        (
            ("5,6", "millions", "de foyers bénéficiaires du chèque énergie"),
            ("150", "€", "d'aide moyenne par foyer"),
        ),
        ("economie", "pouvoir-d-achat"),
        ("economie",),
        "matignon",
        ("Vérifier son éligibilité au chèque énergie", "https://chequeenergie.gouv.fr/"),
        document="rapport-2024",
    ),
    Subject(
        "reindustrialisation",
        "Réindustrialisation",
        "la réindustrialisation du pays",
        "ouvrir de nouvelles usines et sécuriser les chaînes d'approvisionnement",
        "les entreprises industrielles, leurs salariés et les territoires d'industrie",
        (
            "Des procédures d'implantation industrielle raccourcies",
            "Un soutien ciblé à la décarbonation des sites industriels",
            "Un accompagnement des territoires d'industrie pour recruter et former",
        ),
        (
            ("150", "", "ouvertures nettes d'usines en un an"),
            ("54", "Md€", "investis par le plan France 2030"),
        ),
        ("economie", "energie"),
        ("economie",),
        "atelier",
        ("Découvrir les aides aux entreprises", "https://www.economie.gouv.fr/"),
        document="rapport-2024",
    ),
    Subject(
        "adaptation-climat",
        "Adaptation au changement climatique",
        "l'adaptation au changement climatique",
        "préparer le pays à un réchauffement de 4 °C d'ici à la fin du siècle",
        "les collectivités, les entreprises, les agriculteurs et tous les habitants",
        (
            "Un diagnostic de vulnérabilité pour chaque territoire",
            "Des normes de construction adaptées aux fortes chaleurs",
            "Un fonds dédié à l'adaptation des collectivités",
        ),
        (
            ("4", "°C", "de réchauffement pris pour référence d'ici à 2100"),
            ("51", "", "mesures inscrites au plan national"),
        ),
        ("transition-ecologique", "climat"),
        ("transition-ecologique",),
        "eoliennes",
        ("Connaître les risques près de chez soi", "https://www.georisques.gouv.fr/"),
        document="pnacc",
    ),
    Subject(
        "renovation-energetique",
        "Rénovation énergétique",
        "la rénovation énergétique des logements",
        "réduire les factures des ménages et les émissions de gaz à effet de serre",
        "les propriétaires occupants, les bailleurs et les copropriétés",
        (
            "Des aides recentrées sur les rénovations d'ampleur",
            "Un accompagnement gratuit par un conseiller France Rénov'",
            "Un calendrier confirmé pour sortir les passoires thermiques de la location",
        ),
        (
            ("5,2", "millions", "de passoires thermiques"),
            ("70", "%", "du coût pris en charge pour les ménages modestes"),
        ),
        ("logement", "energie"),
        ("ville-logement", "transition-ecologique"),
        "chantier",
        ("Être accompagné par France Rénov'", "https://france-renov.gouv.fr/"),
    ),
    Subject(
        "logement-abordable",
        "Logement abordable",
        "l'accès à un logement abordable",
        "relancer la construction et faciliter l'accès des jeunes actifs au logement",
        "les jeunes actifs, les étudiants et les ménages aux revenus moyens",
        (
            "Un prêt à taux zéro élargi à l'ensemble du territoire",
            "La transformation de bureaux vides en logements facilitée",
            "Une garantie publique des loyers pour les jeunes actifs",
        ),
        (
            ("250 000", "", "logements à construire chaque année"),
            ("0", "%", "de taux pour les primo-accédants"),
        ),
        ("logement",),
        ("ville-logement",),
        "chantier",
        SERVICE_PUBLIC,
    ),
    Subject(
        "souverainete-alimentaire",
        "Souveraineté alimentaire",
        "la souveraineté alimentaire",
        "assurer un revenu digne aux agriculteurs et sécuriser la production nationale",
        "les agriculteurs, les éleveurs, les coopératives et les consommateurs",
        (
            "Des prix d'achat qui tiennent mieux compte des coûts de production",
            "Des démarches administratives simplifiées pour les exploitants",
            "Un plan de souveraineté pour la filière fruits et légumes",
        ),
        (
            ("390 000", "", "exploitations agricoles"),
            ("50", "%", "des exploitants en âge de partir à la retraite d'ici à dix ans"),
        ),
        ("agriculture",),
        ("agriculture",),
        "champ",
        AGRICULTURE,
    ),
    Subject(
        "intelligence-artificielle",
        "Intelligence artificielle",
        "le développement de l'intelligence artificielle",
        "former les agents publics et accompagner les entreprises dans leurs usages",
        "les agents publics, les entreprises et les chercheurs",
        (
            "Une formation à l'intelligence artificielle pour tous les agents publics",
            "Un accès simplifié aux supercalculateurs pour les jeunes pousses",
            "Un cadre de confiance pour l'usage de l'IA dans les services publics",
        ),
        (
            ("109", "Md€", "d'investissements annoncés"),
            ("35", "", "sites identifiés pour des centres de données"),
        ),
        ("numerique", "intelligence-artificielle"),
        ("economie", "enseignement-superieur-recherche-espace"),
        "numerique",
        ("Découvrir la stratégie numérique de l'État", "https://www.numerique.gouv.fr/"),
    ),
    Subject(
        "patrimoine",
        "Patrimoine",
        "la protection du patrimoine",
        "restaurer les monuments fragiles et ouvrir la culture au plus grand nombre",
        "les communes, les propriétaires de monuments historiques et les visiteurs",
        (
            "Un fonds pour le patrimoine des petites communes",
            "Des chantiers de restauration ouverts au public",
            "La gratuité des musées nationaux élargie pour les jeunes",
        ),
        (
            ("46 000", "", "monuments historiques protégés"),
            ("1 000", "", "chantiers soutenus chaque année"),
        ),
        ("culture",),
        ("culture",),
        "musee",
        ("Consulter le site du ministère de la Culture", "https://www.culture.gouv.fr/"),
    ),
    Subject(
        "defense-europeenne",
        "Défense européenne",
        "la défense européenne",
        "renforcer les capacités militaires européennes et soutenir l'industrie de défense",
        "les forces armées, les industriels de la défense et nos partenaires européens",
        (
            "Des achats d'équipements en commun entre pays européens",
            "Une production de munitions en forte hausse",
            "Un soutien durable à l'Ukraine",
        ),
        (
            ("413", "Md€", "prévus par la loi de programmation militaire"),
            ("2", "%", "du PIB consacrés à la défense"),
        ),
        ("defense", "europe-international"),
        ("armees", "europe-affaires-etrangeres"),
        "hemicycle",
        ("Consulter le site du ministère des Armées", "https://www.defense.gouv.fr/"),
    ),
    Subject(
        "vie-chere-outre-mer",
        "Vie chère dans les Outre-mer",
        "la lutte contre la vie chère dans les Outre-mer",
        "faire baisser durablement les prix des produits de première nécessité",
        "les habitants des territoires ultramarins",
        (
            "Un bouclier qualité-prix élargi à davantage de produits",
            "Une transparence accrue sur les marges de la grande distribution",
            "Une baisse des frais d'approche pour le fret maritime",
        ),
        (
            ("40", "%", "d'écart de prix sur l'alimentaire avec l'Hexagone"),
            ("6 000", "", "produits concernés par la baisse des prix"),
        ),
        ("outre-mer", "pouvoir-d-achat"),
        ("outre-mer",),
        "port",
        SERVICE_PUBLIC,
    ),
    Subject(
        "sport-pour-tous",
        "Sport pour tous",
        "la pratique sportive pour tous",
        "prolonger l'héritage des Jeux de Paris 2024 dans chaque commune",
        "les clubs, les associations, les collectivités et tous les pratiquants",
        (
            "Deux heures de sport supplémentaires par semaine au collège",
            "Un plan de 5 000 équipements sportifs de proximité",
            "Le Pass'Sport étendu aux étudiants boursiers",
        ),
        (
            ("5 000", "", "terrains de sport de proximité"),
            ("50", "€", "d'aide par enfant avec le Pass'Sport"),
        ),
        ("sport",),
        ("sports-jeunesse-vie-associative",),
        "stade",
        ("Consulter le site du ministère des Sports", "https://www.sports.gouv.fr/"),
    ),
)

MINISTRY_SUBJECTS = (
    Subject(
        "securite-routiere",
        "Sécurité routière",
        "la sécurité routière",
        "réduire le nombre de morts et de blessés sur les routes",
        "tous les usagers de la route, en particulier les jeunes conducteurs",
        (
            "Des contrôles renforcés de l'alcool et des stupéfiants au volant",
            "Le permis de conduire accessible dès 17 ans",
            "Des radars sur les routes les plus accidentogènes",
        ),
        (
            ("3 190", "", "personnes tuées sur les routes en un an"),
            ("17", "ans", "pour passer le permis de conduire"),
        ),
        ("securite",),
        ("interieur",),
        "secours",
        ("Consulter le site de la Sécurité routière", "https://www.securite-routiere.gouv.fr/"),
        section="interieur",
    ),
    Subject(
        "recrutement-police",
        "Recrutement dans la police nationale",
        "le recrutement dans la police nationale",
        "attirer de nouveaux talents et renforcer les effectifs de terrain",
        "les jeunes de 17 à 35 ans, les étudiants et les personnes en reconversion",
        (
            "Des concours ouverts deux fois par an",
            "Une prime d'installation pour les affectations en Île-de-France",
            "Des classes préparatoires intégrées pour les jeunes des quartiers",
        ),
        (("8 500", "", "postes ouverts cette année"), ("2", "sessions", "de concours par an")),
        ("securite", "emploi"),
        ("interieur",),
        "secours",
        ("Consulter le site du ministère de l'Intérieur", "https://www.interieur.gouv.fr/"),
        section="interieur",
    ),
    Subject(
        "vaccination-grippe",
        "Vaccination contre la grippe",
        "la campagne de vaccination contre la grippe",
        "protéger les personnes fragiles avant le pic épidémique",
        "les personnes de 65 ans et plus, les femmes enceintes et les malades chroniques",
        (
            "La vaccination en pharmacie, sans ordonnance",
            "Une vaccination conjointe contre la grippe et le Covid-19",
            "Des équipes mobiles dans les établissements pour personnes âgées",
        ),
        (
            ("15", "millions", "de personnes invitées à se faire vacciner"),
            ("100", "%", "du vaccin pris en charge"),
        ),
        ("sante", "prevention"),
        ("sante",),
        "hopital",
        AMELI,
        update_note="La campagne de vaccination est prolongée d'un mois.",
        section="sante",
    ),
    Subject(
        "medicaments",
        "Disponibilité des médicaments",
        "la disponibilité des médicaments",
        "prévenir les ruptures d'approvisionnement en pharmacie",
        "les patients, les pharmaciens et les industriels du médicament",
        (
            "Des stocks de sécurité obligatoires pour les médicaments essentiels",
            "La relocalisation de la production de cinquante molécules",
            "Une information en temps réel sur les tensions d'approvisionnement",
        ),
        (
            ("450", "", "médicaments jugés essentiels"),
            ("4", "mois", "de stock de sécurité au minimum"),
        ),
        ("sante",),
        ("sante", "economie"),
        "hopital",
        ("Consulter sante.fr", "https://www.sante.fr/"),
        section="sante",
    ),
    Subject(
        "rentree-scolaire",
        "Rentrée scolaire",
        "la rentrée scolaire",
        "accueillir chaque élève dans de bonnes conditions",
        "les élèves, leurs familles et les personnels de l'Éducation nationale",
        (
            "Un professeur devant chaque classe dès le jour de la rentrée",
            "L'allocation de rentrée scolaire versée fin août",
            "Des fournitures scolaires à prix maîtrisé",
        ),
        (("12", "millions", "d'élèves"), ("869 000", "", "enseignants")),
        ("education",),
        ("education-nationale",),
        "ecole",
        EDUCATION,
        section="education-nationale",
    ),
    Subject(
        "jeunes-agriculteurs",
        "Installation des jeunes agriculteurs",
        "l'installation des jeunes agriculteurs",
        "renouveler les générations dans les exploitations",
        "les jeunes qui veulent s'installer et les exploitants qui préparent leur transmission",
        (
            "Un guichet unique pour accompagner chaque projet d'installation",
            "Des prêts bonifiés pour la reprise d'exploitations",
            "Un crédit d'impôt pour la transmission à un jeune exploitant",
        ),
        (
            ("20 000", "", "installations visées chaque année"),
            ("35 000", "€", "d'aide moyenne à l'installation"),
        ),
        ("agriculture", "emploi"),
        ("agriculture",),
        "champ",
        AGRICULTURE,
        section="agriculture",
    ),
    Subject(
        "gestion-eau",
        "Gestion de l'eau en agriculture",
        "la gestion de l'eau en agriculture",
        "sécuriser l'irrigation tout en préservant la ressource",
        "les agriculteurs, les collectivités et les agences de l'eau",
        (
            "Des projets de territoire partagés pour l'usage de l'eau",
            "Le financement de la réutilisation des eaux usées traitées",
            "Un accompagnement vers des cultures plus sobres en eau",
        ),
        (
            ("10", "%", "d'économies d'eau visées"),
            ("1 000", "", "projets de réutilisation des eaux usées"),
        ),
        ("agriculture", "climat"),
        ("agriculture", "transition-ecologique"),
        "champ",
        AGRICULTURE,
        section="agriculture",
    ),
    Subject(
        "pass-culture",
        "Pass Culture",
        "le pass Culture",
        "faciliter l'accès des jeunes aux pratiques artistiques",
        "les jeunes de 15 à 18 ans et les acteurs culturels",
        (
            "Une part collective renforcée pour les sorties scolaires",
            "Des offres de spectacle vivant mieux mises en avant",
            "Un accès facilité dans les territoires ruraux",
        ),
        (("4", "millions", "de jeunes inscrits"), ("150", "€", "de crédit à 18 ans")),
        ("culture", "education"),
        ("culture",),
        "musee",
        ("Découvrir le pass Culture", "https://pass.culture.fr/"),
        section="culture",
    ),
    Subject(
        "qualite-air",
        "Qualité de l'air",
        "la qualité de l'air",
        "réduire l'exposition des habitants aux particules fines",
        "les habitants des grandes agglomérations et les personnes sensibles",
        (
            "Des aides à l'achat de véhicules moins polluants",
            "Un contrôle renforcé des émissions industrielles",
            "Des alertes pollution plus précoces",
        ),
        (
            ("40 000", "", "décès prématurés liés aux particules fines chaque année"),
            ("25", "", "agglomérations sous surveillance renforcée"),
        ),
        ("transition-ecologique", "sante"),
        ("transition-ecologique",),
        "eoliennes",
        ("Consulter le site du ministère", "https://www.ecologie.gouv.fr/"),
        section="transition-ecologique",
    ),
    Subject(
        "simplification",
        "Simplification pour les entreprises",
        "la simplification des démarches des entreprises",
        "alléger les formalités des TPE et des PME",
        "les artisans, les commerçants, les TPE et les PME",
        (
            "Un formulaire unique pour les déclarations sociales et fiscales",
            "Des délais de paiement raccourcis pour les fournisseurs de l'État",
            "Le principe « dites-le-nous une fois » généralisé",
        ),
        (
            ("1", "formulaire", "unique pour déclarer"),
            ("30", "jours", "au plus pour être payé par l'État"),
        ),
        ("economie",),
        ("economie",),
        "atelier",
        ("Consulter le portail des entreprises", "https://entreprendre.service-public.fr/"),
        document="rapport-2024",
        section="economie",
    ),
)

_contributors_group, _validators_group = ministry_group_names(
    MINISTRY_SPECS[DEMO_MINISTRY_SLUG].short_name
)
ACCOUNTS = (
    AccountSpec("Administrateur", "admin", "Alex", "Admin", superuser=True),
    AccountSpec("Éditeur (Rédaction)", "redaction", "Camille", "Martin", EDITORS_GROUP),
    AccountSpec("Rédacteur en chef", "chef", "Dominique", "Bernard", CHIEF_EDITORS_GROUP),
    AccountSpec("Cellule de crise", "crise", "Claude", "Petit", CRISIS_UNIT_GROUP),
    AccountSpec("Réseaux sociaux", "social", "Alix", "Robert", SOCIAL_MEDIA_GROUP),
    AccountSpec("Contributeur ministériel", "contributeur", "Sacha", "Durand", _contributors_group),
    AccountSpec("Valideur ministériel", "valideur", "Morgan", "Leroy", _validators_group),
)


# --- The news plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class Voice:
    """Who speaks, the Government or a ministry: at the start of a sentence, inside one,
    and after "les mesures"."""

    start: str
    inside: str
    of: str


GOVERNMENT_VOICE = Voice("Le Gouvernement", "le Gouvernement", "du Gouvernement")
MINISTRY_VOICE = Voice("Le ministère", "le ministère", "du ministère")

#: Title and chapô templates of each kind, by variant.
TEMPLATES = {
    NewsKind.NEWS: (
        (
            "{headline} : ce qui change pour vous",
            "{Voice} a présenté de nouvelles mesures pour {phrase}. Objectif : {goal}. "
            "Voici ce qui change concrètement.",
        ),
        (
            "{headline} : les nouvelles mesures entrent en vigueur",
            "Les nouvelles mesures pour {phrase} s'appliquent désormais. "
            "Elles concernent {audience}.",
        ),
        (
            "{headline} : le point sur les annonces",
            "Ce qu'il faut retenir des annonces pour {phrase}, qui visent à {goal}.",
        ),
    ),
    NewsKind.PRESS_RELEASE: (
        (
            "{headline} : {voice} présente un plan d'action",
            "{Voice} annonce un plan d'action pour {phrase}. Objectif : {goal}.",
        ),
        (
            "{headline} : lancement d'une concertation nationale",
            "{Voice} ouvre une concertation pour {phrase}. Elle associe {audience} ; "
            "ses conclusions sont attendues dans trois mois.",
        ),
    ),
    NewsKind.SPEECH: (
        (
            "Discours du Premier ministre sur {phrase}",
            "Retrouvez le discours du Premier ministre sur {phrase}, qui précise la méthode "
            "et le calendrier retenus pour {goal}.",
        ),
        (
            "Discours de la porte-parole du Gouvernement sur {phrase}",
            "La porte-parole du Gouvernement a présenté les décisions prises pour {phrase}. "
            "Objectif : {goal}.",
        ),
    ),
    NewsKind.PRESS_KIT: (
        (
            "Dossier de presse – {headline}",
            "Ce dossier de presse présente les mesures {of} pour {phrase}, "
            "leur calendrier et leur financement.",
        ),
    ),
}
#: How many national items of each kind (besides the council reports).
NATIONAL_KIND_COUNTS = {
    NewsKind.NEWS: 20,
    NewsKind.PRESS_RELEASE: 14,
    NewsKind.SPEECH: 8,
    NewsKind.PRESS_KIT: 10,
}
MINISTRY_KINDS = (NewsKind.NEWS, NewsKind.PRESS_RELEASE, NewsKind.PRESS_KIT)
#: Kinds that can carry a published major change.
UPDATABLE_KINDS = (NewsKind.NEWS, NewsKind.PRESS_RELEASE, NewsKind.PRESS_KIT)
NATIONAL_DRAFTS = 2
MINISTRY_DRAFTS = 1
FEATURED_COUNT = 4


@dataclass(frozen=True)
class NewsItem:
    """A planned news item; ``section`` is the ministry slug of a ministry news item."""

    slug: str
    title: str
    kind: str
    chapo: str
    subjects: tuple[Subject, ...]
    published_at: datetime.datetime
    body_seed: int
    template: int = 0
    section: str = ""
    draft: bool = False
    related: tuple[str, ...] = ()
    change_note: str = ""


def french_date(day: datetime.date) -> str:
    """For example "1er octobre 2025", "14 janvier 2026"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def plan_news() -> list[NewsItem]:
    """Every news item to create, national first, each group in publication order.

    Pure: the plan only depends on ``SEED`` and the constants, never on the database.
    """
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    national = sorted(
        _plan_national(rng) + _plan_council_reports(rng), key=lambda item: item.published_at
    )
    ministry = sorted(_plan_ministry_news(rng), key=lambda item: item.published_at)
    return _finalise(national, NATIONAL_DRAFTS) + _finalise(ministry, MINISTRY_DRAFTS)


def featured_slugs(plan: Sequence[NewsItem]) -> list[str]:
    """The latest published national items (council reports aside), newest first."""
    candidates = [
        item
        for item in plan
        if not item.section and not item.draft and item.kind != NewsKind.COUNCIL_REPORT
    ]
    return [item.slug for item in reversed(candidates[-FEATURED_COUNT:])]


def _plan_national(rng: random.Random) -> list[NewsItem]:
    """Government news of every kind but council reports, on distinct subject and title."""
    items = []
    for kind, count in NATIONAL_KIND_COUNTS.items():
        combinations = [
            (subject, template)
            for subject in NATIONAL_SUBJECTS
            for template in range(len(TEMPLATES[kind]))
        ]
        for subject, template in rng.sample(combinations, count):
            items.append((subject, kind, template))
    rng.shuffle(items)
    moments = _spread(rng, len(items), FIRST_NEWS_DAY, LAST_NEWS_DAY)
    return [
        _item(rng, subject, kind, template, moment, GOVERNMENT_VOICE)
        for (subject, kind, template), moment in zip(items, moments, strict=True)
    ]


def _plan_council_reports(rng: random.Random) -> list[NewsItem]:
    """One report every ten weeks, each on three subjects."""
    items = []
    for index in range(COUNCIL_REPORTS):
        day = FIRST_COUNCIL_DAY + datetime.timedelta(weeks=10 * index)
        subjects = tuple(rng.sample(NATIONAL_SUBJECTS, 3))
        title = f"Compte rendu du Conseil des ministres du {french_date(day)}"
        chapo = (
            f"Le Conseil des ministres s'est réuni ce mercredi {french_date(day)} au palais de "
            f"l'Élysée. Les ministres ont notamment fait le point sur {subjects[0].phrase} "
            f"et sur {subjects[1].phrase}."
        )
        items.append(
            NewsItem(
                slug=slugify(title),
                title=title,
                kind=NewsKind.COUNCIL_REPORT,
                chapo=chapo,
                subjects=subjects,
                published_at=datetime.datetime.combine(day, datetime.time(14, 30), tzinfo=PARIS),
                body_seed=rng.getrandbits(32),
            )
        )
    return items


def _plan_ministry_news(rng: random.Random) -> list[NewsItem]:
    """Two items per ministry subject, published after the ministry was created."""
    items = []
    for subject in MINISTRY_SUBJECTS:
        first_day = max(
            FIRST_NEWS_DAY, MINISTRY_SPECS[subject.section].start_date + datetime.timedelta(days=1)
        )
        kinds = rng.sample(MINISTRY_KINDS, 2)
        moments = _spread(rng, len(kinds), first_day, LAST_NEWS_DAY)
        for kind, moment in zip(kinds, moments, strict=True):
            template = rng.randrange(len(TEMPLATES[kind]))
            item = _item(rng, subject, kind, template, moment, MINISTRY_VOICE)
            items.append(replace(item, section=subject.section))
    return items


def _item(
    rng: random.Random,
    subject: Subject,
    kind: str,
    template: int,
    moment: datetime.datetime,
    voice: Voice,
) -> NewsItem:
    values = {
        "headline": subject.headline,
        "phrase": subject.phrase,
        "goal": subject.goal,
        "audience": subject.audience,
        "voice": voice.inside,
        "Voice": voice.start,
        "of": voice.of,
    }
    title, chapo = (text.format(**values) for text in TEMPLATES[kind][template])
    return NewsItem(
        slug=slugify(title),
        title=title,
        kind=kind,
        chapo=chapo,
        subjects=(subject,),
        template=template,
        published_at=moment,
        body_seed=rng.getrandbits(32),
    )


def _spread(
    rng: random.Random, count: int, first: datetime.date, last: datetime.date
) -> list[datetime.datetime]:
    """``count`` working-day moments, one in each equal slice of [first, last]."""
    step = (last - first).days / count
    moments = []
    for index in range(count):
        day = first + datetime.timedelta(days=int(step * index + rng.uniform(0, step)))
        if day.weekday() >= 5:
            day -= datetime.timedelta(days=day.weekday() - 4)
        at = datetime.time(rng.randint(8, 18), rng.choice((0, 15, 30, 45)))
        moments.append(datetime.datetime.combine(day, at, tzinfo=PARIS))
    return moments


def _finalise(items: list[NewsItem], drafts: int) -> list[NewsItem]:
    """Mark the latest items as drafts, link related items and pick the major changes."""
    candidates = [item.slug for item in items if item.kind != NewsKind.COUNCIL_REPORT]
    draft_slugs = set(candidates[-drafts:])
    finalised: list[NewsItem] = []
    updated_subjects: set[str] = set()
    for item in items:
        draft = item.slug in draft_slugs
        keys = {subject.key for subject in item.subjects}
        related = [
            earlier.slug
            for earlier in finalised
            if not earlier.draft
            and earlier.section == item.section
            and keys & {subject.key for subject in earlier.subjects}
        ]
        subject = item.subjects[0]
        change_note = ""
        if (
            not draft
            and subject.update_note
            and item.kind in UPDATABLE_KINDS
            and subject.key not in updated_subjects
        ):
            change_note = subject.update_note
            updated_subjects.add(subject.key)
        finalised.append(
            replace(
                item, draft=draft, related=tuple(reversed(related[-2:])), change_note=change_note
            )
        )
    return finalised


def _ministries_on(slugs: Sequence[str], day: datetime.date) -> list[str]:
    """The ministries in office on a day, by slug.

    A ministry created later is replaced by its predecessors, or left out if it has none.
    """
    result: list[str] = []
    for slug in slugs:
        spec = MINISTRY_SPECS[slug]
        for candidate in spec.predecessors if day < spec.start_date else (slug,):
            candidate_spec = MINISTRY_SPECS[candidate]
            in_office = candidate_spec.start_date <= day and (
                candidate_spec.end_date is None or day < candidate_spec.end_date
            )
            if in_office and candidate not in result:
                result.append(candidate)
    return result


# --- Seeding ------------------------------------------------------------------------------


class DemoContentError(Exception):
    """The demo content cannot be created (for example, no French home page)."""


@dataclass(frozen=True)
class DemoAccount:
    """A demo account; ``password`` is only known in development (``DEBUG``)."""

    role: str
    username: str
    password: str | None


@dataclass
class DemoSummary:
    """How many objects of each kind a run created, and the demo accounts."""

    governments: int = 0
    ministries: int = 0
    topics: int = 0
    people: int = 0
    images: int = 0
    documents: int = 0
    groups: int = 0
    users: int = 0
    pages: int = 0
    featured_items: int = 0
    accounts: tuple[DemoAccount, ...] = ()

    @property
    def created(self) -> int:
        return (
            self.governments
            + self.ministries
            + self.topics
            + self.people
            + self.images
            + self.documents
            + self.groups
            + self.users
            + self.pages
            + self.featured_items
        )


#: Called after each step with the name of the ``DemoSummary`` counter and its value.
StepCallback = Callable[[str, int], None]


def seed_demo(*, on_step: StepCallback | None = None) -> DemoSummary:
    """Create whatever demo content is missing, in one transaction."""
    summary = DemoSummary()

    def step(name: str) -> None:
        if on_step is not None:
            on_step(name, getattr(summary, name))

    with transaction.atomic():
        home = HomePage.objects.filter(locale__language_code="fr").first()
        if home is None:
            raise DemoContentError(
                "La page d'accueil française est introuvable : lancez d'abord "
                "« python manage.py migrate »."
            )
        _seed_governments(summary)
        step("governments")
        illustrations = _seed_illustrations(summary)
        ministries = _seed_ministries(home, summary)
        step("ministries")
        topics = _seed_topics(home, summary)
        step("topics")
        _seed_people(ministries, summary)
        step("people")
        step("images")
        documents = _seed_documents(summary)
        step("documents")
        users = _seed_accounts(summary)
        step("groups")
        step("users")
        _seed_pages(
            home,
            _Library(
                images=illustrations, documents=documents, topics=topics, ministries=ministries
            ),
            users,
            summary,
        )
        step("pages")
        step("featured_items")
    return summary


def _seed_governments(summary: DemoSummary) -> None:
    existing = set(
        Government.objects.filter(label__in=[spec.label for spec in GOVERNMENTS]).values_list(
            "label", flat=True
        )
    )
    for spec in GOVERNMENTS:
        if spec.label in existing:
            continue
        government = Government(
            label=spec.label,
            prime_minister=spec.prime_minister,
            start_date=spec.start_date,
            end_date=spec.end_date,
        )
        government.full_clean()
        government.save()
        summary.governments += 1


def _seed_ministries(home: HomePage, summary: DemoSummary) -> dict[str, Ministry]:
    ministries = {
        ministry.slug: ministry
        for ministry in Ministry.objects.filter(locale=home.locale, slug__in=MINISTRY_SPECS)
    }
    for spec in MINISTRIES:
        if spec.slug in ministries:
            continue
        former_names = [
            MinistryFormerName(
                name=spec.former_name,
                short_name=spec.short_name,
                acronym=spec.acronym,
                used_until=LECORNU_START,
            )
        ]
        ministry = Ministry(
            locale=home.locale,
            slug=spec.slug,
            name=spec.name,
            short_name=spec.short_name,
            acronym=spec.acronym,
            start_date=spec.start_date,
            end_date=spec.end_date,
            logo=_get_or_create_image(
                title=f"Bloc marque – {spec.short_name}",
                description=f"Bloc marque : République française – {spec.name}",
                filename=f"bloc-marque-{spec.slug}.png",
                render=lambda spec=spec: _draw_logo(spec.name),
                licence=CustomImage.Licence.ALL_RIGHTS_RESERVED,
                summary=summary,
            ),
            former_names=former_names if spec.former_name else [],
            predecessor_links=[
                MinistryPredecessor(predecessor=ministries[slug]) for slug in spec.predecessors
            ],
        )
        ministry.full_clean()
        ministry.save()
        ministries[spec.slug] = ministry
        summary.ministries += 1
    return ministries


def _seed_topics(home: HomePage, summary: DemoSummary) -> dict[str, Topic]:
    topics = {
        topic.slug: topic
        for topic in Topic.objects.filter(
            locale=home.locale, slug__in=[spec.slug for spec in TOPICS]
        )
    }
    for spec in TOPICS:
        if spec.slug in topics:
            continue
        topic = Topic(
            locale=home.locale,
            slug=spec.slug,
            name=spec.name,
            description=spec.description,
            parent=topics[spec.parent] if spec.parent else None,
        )
        topic.full_clean()
        topic.save()
        topics[spec.slug] = topic
        summary.topics += 1
    return topics


def _seed_people(ministries: dict[str, Ministry], summary: DemoSummary) -> None:
    existing = set(
        Person.objects.filter(name__in=[spec.name for spec in PEOPLE]).values_list(
            "name", flat=True
        )
    )
    for spec in PEOPLE:
        if spec.name in existing:
            continue
        person = Person(
            name=spec.name,
            role=spec.role,
            title=spec.title,
            ministry=ministries.get(spec.ministry),
            portrait=_get_or_create_image(
                title=f"Portrait de {spec.name}",
                description=f"Portrait de {spec.name}, {spec.title[0].lower()}{spec.title[1:]}",
                filename=f"portrait-{slugify(spec.name)}.jpg",
                render=lambda spec=spec: _draw_portrait(spec.name),
                licence=CustomImage.Licence.ETALAB_2,
                summary=summary,
            ),
        )
        person.full_clean()
        person.save()
        summary.people += 1


def _seed_illustrations(summary: DemoSummary) -> dict[str, CustomImage]:
    return {
        spec.key: _get_or_create_image(
            title=spec.title,
            description=spec.description,
            filename=f"illustration-{spec.key}.jpg",
            render=lambda spec=spec: _draw_illustration(spec),
            licence=spec.licence,
            summary=summary,
        )
        for spec in ILLUSTRATIONS
    }


def _seed_documents(summary: DemoSummary) -> dict[str, CustomDocument]:
    documents = {}
    for spec in DOCUMENTS:
        document = CustomDocument.objects.filter(title=spec.title).order_by("pk").first()
        if document is None:
            data = (
                _pdf(spec.title, spec.lines)
                if spec.filename.endswith(".pdf")
                else "\n".join(spec.lines).encode("utf-8-sig")
            )
            document = CustomDocument(
                title=spec.title,
                file=ContentFile(data, name=spec.filename),
                file_size=len(data),
                file_hash=hash_filelike(io.BytesIO(data)),
                accessible=spec.accessible,
                alternative_format_contact=spec.alternative_format_contact,
            )
            document.full_clean()
            document.save()
            summary.documents += 1
        documents[spec.key] = document
    return documents


def _seed_accounts(summary: DemoSummary) -> dict[str, AbstractUser]:
    """Groups (without permissions yet) and one user per role.

    Passwords are only set in development (``DEBUG``); otherwise they are unusable.
    """
    groups = {}
    for name in [spec.group for spec in ACCOUNTS if spec.group]:
        groups[name], created = Group.objects.get_or_create(name=name)
        summary.groups += created
    user_model = get_user_model()
    users = {
        user.username: user
        for user in user_model.objects.filter(username__in=[spec.username for spec in ACCOUNTS])
    }
    accounts = []
    for spec in ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            user = _create_user(user_model, spec)
            if spec.group:
                user.groups.add(groups[spec.group])
            users[spec.username] = user
            summary.users += 1
        shown = settings.DEBUG and user.has_usable_password()
        accounts.append(
            DemoAccount(
                spec.role, spec.username, DEV_PASSWORD_PREFIX + spec.username if shown else None
            )
        )
    summary.accounts = tuple(accounts)
    return users


def _create_user(user_model: type[AbstractUser], spec: AccountSpec) -> AbstractUser:
    password = DEV_PASSWORD_PREFIX + spec.username if settings.DEBUG else None
    create = (
        user_model.objects.create_superuser if spec.superuser else user_model.objects.create_user
    )
    user = create(
        username=spec.username,
        email=f"{spec.username}@gouvernail.example",
        password=password,
        first_name=spec.first_name,
        last_name=spec.last_name,
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save(update_fields=["preferred_language"])
    return user


# --- Pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Library:
    """What the news pages refer to, by key or slug."""

    images: dict[str, CustomImage]
    documents: dict[str, CustomDocument]
    topics: dict[str, Topic]
    ministries: dict[str, Ministry]


def _seed_pages(
    home: HomePage, library: _Library, users: dict[str, AbstractUser], summary: DemoSummary
) -> None:
    """The two indexes, the ministry sections, the planned news and the home's "À la une"."""
    chief = users["chef"]
    news_index = _ensure_child(
        home, NewsIndexPage(title="Actualités", slug="actualites"), SITE_OPENING, chief, summary
    )
    ministry_index = _ensure_child(
        home, MinistryIndexPage(title="Ministères", slug="ministeres"), SITE_OPENING, chief, summary
    )
    parents: dict[str, Page] = {"": news_index}
    for slug in SECTION_SLUGS:
        ministry = library.ministries[slug]
        section = MinistryPage(
            title=ministry.name,
            slug=slug,
            ministry=ministry,
            introduction=f"Les actualités du {ministry.name[0].lower()}{ministry.name[1:]}.",
        )
        opened = datetime.datetime.combine(ministry.start_date, datetime.time(9), tzinfo=PARIS)
        parents[slug] = _ensure_child(
            ministry_index, section, max(SITE_OPENING, opened), chief, summary
        )

    plan = plan_news()
    children = {
        section: dict(parent.get_children().values_list("slug", "pk"))
        for section, parent in parents.items()
    }
    for item in plan:
        siblings = children[item.section]
        if item.slug in siblings:
            continue
        author = users["contributeur" if item.section == DEMO_MINISTRY_SLUG else "redaction"]
        page = _create_news(
            item, parents[item.section], siblings, library, news_index.pk, author, chief
        )
        siblings[item.slug] = page.pk
        summary.pages += 1

    if not HomeFeaturedItem.objects.filter(home=home).exists():
        home.featured_items = [
            HomeFeaturedItem(page_id=children[""][slug])
            for slug in featured_slugs(plan)
            if slug in children[""]
        ]
        home.save_revision(user=chief).publish(user=chief, skip_permission_checks=True)
        summary.featured_items += len(home.featured_items.all())


def _ensure_child(
    parent: Page,
    page: Page,
    published_at: datetime.datetime,
    user: AbstractUser,
    summary: DemoSummary,
) -> Page:
    """The child of ``parent`` with the page's slug, created and published if missing."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    page.live = False
    page.owner = user
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    revision.publish(user=user, skip_permission_checks=True)
    _date_revision(page.pk, revision, published_at, created=True, published=True)
    summary.pages += 1
    return page


def _create_news(
    item: NewsItem,
    parent: Page,
    siblings: dict[str, int],
    library: _Library,
    news_index_id: int,
    author: AbstractUser,
    publisher: AbstractUser,
) -> NewsPage:
    """Create a news item under its parent and publish it at its date, unless a draft."""
    rng = random.Random(item.body_seed)  # noqa: S311 - reproducible demo data, not security
    subject = item.subjects[0]
    model = MinistryNewsPage if item.section else NewsPage
    extra = {"ministry": library.ministries[item.section]} if item.section else {}
    topics = list(dict.fromkeys(slug for s in item.subjects for slug in s.topics))[:3]
    ministries = _ministries_on(
        [slug for s in item.subjects for slug in s.ministries], item.published_at.date()
    )
    related_ids = [siblings[slug] for slug in item.related if slug in siblings]
    if item.kind == NewsKind.COUNCIL_REPORT:
        hero_image = library.images["conseil"]
    elif item.kind == NewsKind.PRESS_RELEASE:
        hero_image = None
    else:
        hero_image = library.images[subject.image]
    page = model(
        title=item.title,
        slug=item.slug,
        kind=item.kind,
        chapo=item.chapo,
        hero_image=hero_image,
        body=_body(item, rng, library, related_ids, news_index_id),
        live=False,
        owner=author,
        topic_links=[NewsPageTopic(topic=library.topics[slug]) for slug in topics],
        ministry_links=[NewsPageMinistry(ministry=library.ministries[slug]) for slug in ministries],
        related_links=[NewsPageRelatedPage(related_page_id=pk) for pk in related_ids],
        attachments=[
            NewsPageAttachment(document=document) for document in _attachments(item, rng, library)
        ],
        **extra,
    )
    parent.add_child(instance=page)
    revision = page.save_revision(user=author)
    if item.draft:
        _date_revision(page.pk, revision, item.published_at, created=True)
        return page
    revision.publish(user=publisher, skip_permission_checks=True)
    _date_revision(page.pk, revision, item.published_at, created=True, published=True)
    if item.change_note:
        _publish_major_change(model.objects.get(pk=page.pk), item, author, publisher)
    return page


def _publish_major_change(
    page: NewsPage, item: NewsItem, author: AbstractUser, publisher: AbstractUser
) -> None:
    """Publish a second revision flagged as a major change, a few days after the first."""
    page.major_change = True
    page.change_note = item.change_note
    page.body = [
        _paragraph(f"<b>Mise à jour :</b> {item.change_note}"),
        *page.body.raw_data,
    ]
    revision = page.save_revision(user=author)
    revision.publish(user=publisher, skip_permission_checks=True)
    updated_at = item.published_at + MAJOR_CHANGE_DELAY
    _date_revision(page.pk, revision, updated_at, published=True)
    type(page).objects.filter(pk=page.pk).update(last_major_update_at=updated_at)


def _date_revision(
    page_id: int,
    revision: Revision,
    moment: datetime.datetime,
    *,
    created: bool = False,
    published: bool = False,
) -> None:
    """Move a revision, its log entries and the page's dates to their historical moment.

    ``created``: the revision is the page's first one (its creation is dated too).
    """
    Revision.objects.filter(pk=revision.pk).update(created_at=moment)
    entries = Q(revision=revision)
    if created:
        entries |= Q(page_id=page_id, action="wagtail.create")
    PageLogEntry.objects.filter(entries).update(timestamp=moment)
    dates = {"latest_revision_created_at": moment}
    if published:
        dates["last_published_at"] = moment
        if created:
            dates["first_published_at"] = moment
    Page.objects.filter(pk=page_id).update(**dates)


def _attachments(item: NewsItem, rng: random.Random, library: _Library) -> list[CustomDocument]:
    """The subject's document (always on a press kit), the calendar on 2026 council reports."""
    if item.kind == NewsKind.COUNCIL_REPORT:
        return [library.documents[CALENDAR_DOCUMENT]] if item.published_at.year == 2026 else []
    key = item.subjects[0].document
    if key and (item.kind == NewsKind.PRESS_KIT or rng.random() < 0.5):
        return [library.documents[key]]
    return []


# --- Page bodies ------------------------------------------------------------------------

COUNCIL_ITEMS = (
    "Un projet de loi pour {phrase} a été présenté. Il vise à {goal}.",
    "Une communication a été présentée sur {phrase}. Objectif : {goal}.",
    "Un décret pour {phrase} a été adopté. Il vise à {goal}.",
    "Un point d'étape a été fait sur {phrase}. Priorité : {goal}.",
)


def _body(
    item: NewsItem,
    rng: random.Random,
    library: _Library,
    related_ids: list[int],
    news_index_id: int,
) -> list[dict]:
    """The body of a news item, as StreamField raw data, according to its kind."""
    subject = item.subjects[0]
    voice = MINISTRY_VOICE if item.section else GOVERNMENT_VOICE
    day = french_date(item.published_at.date())
    image = library.images[subject.image]
    if item.kind == NewsKind.COUNCIL_REPORT:
        blocks = [
            _paragraph(
                f"Le Conseil des ministres s'est réuni le {day} au palais de l'Élysée, "
                "sous la présidence du Président de la République."
            )
        ]
        for council_subject, text in zip(
            item.subjects, rng.sample(COUNCIL_ITEMS, len(item.subjects)), strict=True
        ):
            blocks += [
                _heading(council_subject.headline),
                _paragraph(text.format(phrase=council_subject.phrase, goal=council_subject.goal)),
            ]
        return [
            *blocks,
            _heading("Mesures d'ordre individuel"),
            _paragraph(
                "Le Conseil des ministres a adopté plusieurs mesures d'ordre individuel, "
                "publiées au <i>Journal officiel</i>."
            ),
            _page_link("Toutes les actualités du Gouvernement", news_index_id),
        ]
    if item.kind == NewsKind.SPEECH:
        return [
            _paragraph("<i>Seul le prononcé fait foi.</i>"),
            _paragraph(
                "Mesdames et Messieurs,",
                f"Si je prends la parole aujourd'hui, c'est parce que l'action pour "
                f"{subject.phrase} est une priorité du Gouvernement. "
                f"Notre objectif est clair : {subject.goal}.",
            ),
            _heading("Une méthode : écouter, décider, évaluer"),
            _paragraph(
                "Nous avons fait le choix de la concertation. Élus locaux, partenaires sociaux, "
                "associations : chacun a été entendu, et les décisions que je vous présente "
                "en sont le fruit."
            ),
            *([_image(image, decorative=True)] if rng.random() < 0.5 else []),
            _heading("Des engagements concrets"),
            _list("Concrètement, nous nous engageons sur trois points :", subject.measures),
            _paragraph(
                f"Ces engagements concernent {subject.audience}. Nous rendrons compte de leur "
                "mise en œuvre chaque trimestre.",
                "Je vous remercie.",
            ),
        ]
    if item.kind == NewsKind.PRESS_KIT:
        return [
            _paragraph(
                f"Ce dossier présente les mesures {voice.of} pour {subject.phrase}. "
                f"Elles visent à {subject.goal} et concernent {subject.audience}."
            ),
            _heading("Les chiffres clés"),
            _figures(subject),
            _heading("Les mesures"),
            _list("Trois mesures structurent ce plan :", subject.measures),
            _image(image),
            _faq(subject),
            _service(subject),
        ]
    if item.kind == NewsKind.PRESS_RELEASE:
        if item.template == 0:
            intro = f"{voice.start} annonce ce jour un plan d'action pour {subject.phrase}."
            measures = "Il comporte notamment les mesures suivantes :"
        else:
            intro = f"{voice.start} ouvre ce jour une concertation pour {subject.phrase}."
            measures = "Les pistes mises en débat :"
        blocks = [
            _paragraph(f"{intro} Objectif : {subject.goal}."),
            _list(measures, subject.measures),
        ]
        if not item.section:
            blocks.append(
                _quote(
                    f"Notre objectif est simple : {subject.goal}. "
                    "Nous y consacrerons tous les moyens nécessaires."
                )
            )
        if subject.document:
            blocks.append(_document(library.documents[subject.document]))
        return [
            *blocks,
            _paragraph(
                f"Ces mesures concernent {subject.audience}. Leur mise en œuvre fera l'objet "
                "d'un suivi régulier, rendu public."
            ),
        ]
    blocks = [
        _paragraph(
            rng.choice(
                (
                    f"{voice.start} poursuit son action pour {subject.phrase}. "
                    f"Les mesures annoncées visent à {subject.goal}.",
                    f"Annoncées le {day}, les mesures pour {subject.phrase} entrent dans leur "
                    f"phase de mise en œuvre. Objectif : {subject.goal}.",
                )
            )
        )
    ]
    if rng.random() < 0.6:
        blocks.append(_image(image))
    blocks += [_heading("Ce qui change"), _list("Les principales mesures :", subject.measures)]
    if rng.random() < 0.7:
        blocks.append(_figures(subject))
    if subject.document and rng.random() < 0.5:
        blocks.append(_document(library.documents[subject.document]))
    if rng.random() < 0.5:
        blocks.append(_faq(subject))
    if related_ids and rng.random() < 0.5:
        blocks.append(_page_link("Lire aussi", related_ids[0]))
    else:
        blocks.append(_service(subject))
    return blocks


def _paragraph(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def _list(intro: str, entries: Sequence[str]) -> dict:
    items = "".join(f"<li>{entry}</li>" for entry in entries)
    return {"type": "paragraph", "value": f"<p>{intro}</p><ul>{items}</ul>"}


def _heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _image(image: CustomImage, *, decorative: bool = False) -> dict:
    return {
        "type": "image",
        "value": {
            "image": image.pk,
            "decorative": decorative,
            "alt_text": "",
            "caption": "" if decorative else image.title,
            "credit": "",
        },
    }


def _quote(text: str) -> dict:
    return {
        "type": "quote",
        "value": {"quote": text, "attribution": "Le Premier ministre", "role": ""},
    }


def _figures(subject: Subject) -> dict:
    return {
        "type": "key_figures",
        "value": {
            "title": "En chiffres",
            "figures": [
                {"value": value, "unit": unit, "label": label}
                for value, unit, label in subject.figures
            ],
            "source": FIGURES_SOURCE,
        },
    }


def _document(document: CustomDocument) -> dict:
    return {"type": "document", "value": {"document": document.pk, "title": ""}}


def _faq(subject: Subject) -> dict:
    url = subject.service[1]
    site = urlsplit(url).netloc.removeprefix("www.")
    questions = (
        ("Qui est concerné ?", f"Ces mesures concernent {subject.audience}."),
        (
            "Quand ces mesures s'appliquent-elles ?",
            "Les premières mesures s'appliquent dès la publication des textes au "
            "<i>Journal officiel</i> ; les autres sont déployées progressivement dans l'année.",
        ),
        (
            "Où trouver plus d'informations ?",
            f'Les démarches sont détaillées sur <a href="{url}">{site}</a>.',
        ),
    )
    return {
        "type": "accordion",
        "value": {
            "title": "Questions fréquentes",
            "items": [{"title": title, "body": f"<p>{answer}</p>"} for title, answer in questions],
        },
    }


def _service(subject: Subject) -> dict:
    label, url = subject.service
    return {"type": "call_to_action", "value": {"label": label, "page": None, "url": url}}


def _page_link(label: str, page_id: int) -> dict:
    return {"type": "call_to_action", "value": {"label": label, "page": page_id, "url": ""}}


# --- Generated files --------------------------------------------------------------------

ILLUSTRATION_SIZE = (1200, 675)
PORTRAIT_SIZE = (600, 600)
LOGO_SIZE = (640, 320)
PORTRAIT_COLOURS = (("#000091", "#8585f6"), ("#27a658", "#b8fec9"), ("#a94645", "#fddbfa"))
AGENCY_RIGHTS_END = datetime.date(2027, 6, 30)
#: Looked up in the system's font folders by Pillow.
FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf")


def _get_or_create_image(
    *,
    title: str,
    description: str,
    filename: str,
    render: Callable[[], bytes],
    licence: str,
    summary: DemoSummary,
) -> CustomImage:
    """The image with this title; drawn and saved under a fixed file name if missing."""
    image = CustomImage.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image
    data = render()
    image = CustomImage(
        title=title,
        description=description,
        credit=DEFAULT_CREDIT,
        licence=licence,
        licence_expires_at=AGENCY_RIGHTS_END if licence == CustomImage.Licence.AGENCY else None,
        file=ImageFile(io.BytesIO(data), name=filename),
        file_size=len(data),
        file_hash=hash_filelike(io.BytesIO(data)),
    )
    image.full_clean()
    image.save()
    summary.images += 1
    return image


@functools.cache
def _font_file() -> str | None:
    """A system font with French accents; Pillow's bundled font has none."""
    for name in FONT_FILES:
        try:
            ImageFont.truetype(name, 10)
        except OSError:
            continue
        return name
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    font_file = _font_file()
    return ImageFont.truetype(font_file, size) if font_file else ImageFont.load_default(size)


def _drawable(text: str) -> str:
    """The text as the font can draw it: without accents when no system font was found."""
    if _font_file():
        return text
    ascii_punctuation = text.translate(str.maketrans({"–": "-", "’": "'", "œ": "oe"}))
    return unicodedata.normalize("NFKD", ascii_punctuation).encode("ascii", "ignore").decode()


def _gradient(size: tuple[int, int], colours: tuple[str, str], rng: random.Random) -> Image.Image:
    mask = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(size)
    return Image.composite(
        Image.new("RGB", size, colours[1]), Image.new("RGB", size, colours[0]), mask
    )


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, image_format, quality=80, optimize=True)
    else:
        image.save(buffer, image_format, optimize=True)
    return buffer.getvalue()


def _draw_illustration(spec: IllustrationSpec) -> bytes:
    """A gradient with translucent shapes and the image's title in a band."""
    rng = random.Random(f"{SEED}:{spec.key}")  # noqa: S311 - reproducible demo data
    width, height = ILLUSTRATION_SIZE
    background = _gradient(ILLUSTRATION_SIZE, spec.colours, rng).convert("RGBA")
    overlay = Image.new("RGBA", ILLUSTRATION_SIZE)
    draw = ImageDraw.Draw(overlay)
    for _ in range(7):
        x, y, radius = rng.randrange(width), rng.randrange(height), rng.randrange(40, 220)
        fill = (255, 255, 255, rng.randrange(30, 90))
        if rng.random() < 0.5:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
        else:
            draw.rectangle((x - radius, y - radius // 2, x + radius, y + radius // 2), fill=fill)
    draw.rectangle((0, height - 120, width, height), fill=(0, 0, 0, 150))
    draw.text((48, height - 104), _drawable(spec.title), font=_font(46), fill="white")
    draw.text(
        (48, height - 46),
        _drawable("Image de démonstration – Gouvernail"),
        font=_font(24),
        fill="#e5e5e5",
    )
    return _encode(Image.alpha_composite(background, overlay).convert("RGB"), "JPEG")


def _draw_portrait(name: str) -> bytes:
    """A silhouette on a gradient, with the person's name."""
    rng = random.Random(f"{SEED}:{name}")  # noqa: S311 - reproducible demo data
    image = _gradient(PORTRAIT_SIZE, rng.choice(PORTRAIT_COLOURS), rng)
    draw = ImageDraw.Draw(image)
    draw.ellipse((210, 110, 390, 310), fill="#ebebf0")
    draw.ellipse((110, 340, 490, 720), fill="#ebebf0")
    draw.rectangle((0, 520, 600, 600), fill="#161616")
    draw.text((30, 542), _drawable(name), font=_font(34), fill="white")
    return _encode(image, "JPEG")


def _draw_logo(name: str) -> bytes:
    """A "bloc marque": the tricolour, « République française », the motto, the name."""
    image = Image.new("RGB", LOGO_SIZE, "white")
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate(("#000091", "#ffffff", "#e1000f")):
        draw.rectangle((40 + 30 * index, 40, 70 + 30 * index, 100), fill=colour)
    draw.rectangle((40, 40, 130, 100), outline="#dddddd")
    draw.multiline_text(
        (40, 118),
        _drawable("RÉPUBLIQUE\nFRANÇAISE"),
        font=_font(26),
        fill="#161616",
        spacing=4,
        stroke_width=1,
        stroke_fill="#161616",
    )
    draw.multiline_text(
        (40, 200), _drawable("Liberté\nÉgalité\nFraternité"), font=_font(18), fill="#161616"
    )
    draw.line((250, 40, 250, 280), fill="#161616", width=2)
    draw.multiline_text(
        (275, 40),
        _drawable("\n".join(textwrap.wrap(name, 24))),
        font=_font(22),
        fill="#161616",
        spacing=6,
    )
    return _encode(image, "PNG")


def _pdf(title: str, lines: Sequence[str]) -> bytes:
    """A minimal one-page PDF (Helvetica, WinAnsi encoding) written by hand."""

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252", errors="replace")
        escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        return b"(" + escaped + b")"

    shown = [literal(line) + b" '" for line in lines]
    content = (
        b"BT /F1 16 Tf 22 TL 56 780 Td "
        + literal(title)
        + b" Tj /F1 11 Tf 16 TL T* "
        + b" ".join(shown)
        + b" ET"
    )
    info_title = ("feff" + title.encode("utf-16-be").hex()).encode()
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title <" + info_title + b"> /Producer (Gouvernail) >>",
    )
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)
