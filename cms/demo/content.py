"""The French demo content: what ``seed_demo`` creates, as constants and frozen specs.

Governments, ministries, topics, people, illustrations, documents, the subjects the news
talk about, the accounts, and the title and chapô templates of the news. Pure data: the
planning and building modules read it, nothing here touches the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cms.media.models import CustomImage
from cms.organisations.models import Government, Ministry, Person
from cms.workflows import roles
from news.models import NewsKind

SEED = 42

BORNE_START = datetime.date(2022, 5, 20)
ATTAL_START = datetime.date(2024, 1, 11)
BARNIER_START = datetime.date(2024, 9, 21)
BAYROU_START = datetime.date(2024, 12, 23)
LECORNU_START = datetime.date(2025, 10, 12)

ACCESSIBILITY_CONTACT = "accessibilite@sig.gouv.fr"
FIGURES_SOURCE = "Chiffres fictifs – contenu de démonstration"

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


# --- What to create -------------------------------------------------------------------


@dataclass(frozen=True)
class GovernmentSpec:
    label: str
    prime_minister: str
    start_date: datetime.date
    end_date: datetime.date | None
    prime_minister_title: str = Government.PrimeMinisterTitle.PREMIER_MINISTRE


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
    ministry: str = ""


GOVERNMENTS = (
    GovernmentSpec(
        "Gouvernement Borne",
        "Élisabeth Borne",
        BORNE_START,
        ATTAL_START,
        Government.PrimeMinisterTitle.PREMIERE_MINISTRE,
    ),
    GovernmentSpec("Gouvernement Attal", "Gabriel Attal", ATTAL_START, BARNIER_START),
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

_contributors_group, _validators_group = roles.ministry_group_names(
    Ministry(short_name=MINISTRY_SPECS[DEMO_MINISTRY_SLUG].short_name)
)
ACCOUNTS = (
    AccountSpec("Administrateur", "admin", "Alex", "Admin", superuser=True),
    AccountSpec("Éditeur (Rédaction)", "redaction", "Camille", "Martin", roles.EDITORS),
    AccountSpec("Rédacteur en chef", "chef", "Dominique", "Bernard", roles.CHIEF_EDITORS),
    AccountSpec("Cellule de crise", "crise", "Claude", "Petit", roles.CRISIS_CELL),
    AccountSpec("Réseaux sociaux", "social", "Alix", "Robert", roles.SOCIAL_MEDIA),
    AccountSpec(
        "Contributeur",
        "contributeur",
        "Sacha",
        "Durand",
        _contributors_group,
        ministry=MINISTRY_SPECS[DEMO_MINISTRY_SLUG].short_name,
    ),
    AccountSpec(
        "Valideur",
        "valideur",
        "Morgan",
        "Leroy",
        _validators_group,
        ministry=MINISTRY_SPECS[DEMO_MINISTRY_SLUG].short_name,
    ),
)


# --- News texts -----------------------------------------------------------------------


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

#: What a council report says about each of its subjects.
COUNCIL_ITEMS = (
    "Un projet de loi pour {phrase} a été présenté. Il vise à {goal}.",
    "Une communication a été présentée sur {phrase}. Objectif : {goal}.",
    "Un décret pour {phrase} a été adopté. Il vise à {goal}.",
    "Un point d'étape a été fait sur {phrase}. Priorité : {goal}.",
)
