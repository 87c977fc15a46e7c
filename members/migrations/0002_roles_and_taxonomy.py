"""Roles as groups, the nine skills categories of the Core Group's list (3 December 2020),
the languages of the network and a first list of technical expertise. Staff can edit or
add to all of them in the admin; re-running this migration changes nothing."""

from django.db import migrations

ROLES = ["ILO staff", "Core group member", "Regional representative", "Member"]

CATEGORIES = [
    # slug, en, fr, es, description en / fr / es
    (
        "work-based-learning",
        "Work-based learning",
        "Apprentissage en milieu de travail",
        "Aprendizaje en el lugar de trabajo",
        "Apprenticeships, internships and on-the-job training.",
        "Apprentissage, stages et formation en cours d'emploi.",
        "Aprendizaje, pasantías y formación en el empleo.",
    ),
    (
        "rpl-certification",
        "RPL and certification",
        "RAP et certification",
        "RAP y certificación",
        "Recognition of prior learning and certification of skills.",
        "Reconnaissance des acquis et certification des compétences.",
        "Reconocimiento del aprendizaje previo y certificación de competencias.",
    ),
    (
        "career-guidance",
        "Career guidance and employment services",
        "Orientation professionnelle et services de l'emploi",
        "Orientación profesional y servicios de empleo",
        "Career guidance, counselling and employment services.",
        "Orientation, conseil professionnel et services de l'emploi.",
        "Orientación, asesoramiento profesional y servicios de empleo.",
    ),
    (
        "skills-data",
        "Research, data and analysis for skills development",
        "Recherche, données et analyse pour le développement des compétences",
        "Investigación, datos y análisis para el desarrollo de competencias",
        "Skills needs anticipation, labour market information and research.",
        "Anticipation des besoins en compétences, information sur le marché du travail et recherche.",
        "Anticipación de necesidades de competencias, información del mercado laboral e investigación.",
    ),
    (
        "skills-ecosystem",
        "Skills ecosystem",
        "Écosystème des compétences",
        "Ecosistema de competencias",
        "Industry linkages, innovative financing, partnerships and sectoral approaches.",
        "Liens avec l'industrie, financement innovant, partenariats et approches sectorielles.",
        "Vínculos con la industria, financiación innovadora, alianzas y enfoques sectoriales.",
    ),
    (
        "training-delivery",
        "Training delivery and assessment",
        "Prestation de formation et évaluation",
        "Impartición de la formación y evaluación",
        "Teaching, learning technologies and assessment.",
        "Enseignement, technologies d'apprentissage et évaluation.",
        "Enseñanza, tecnologías de aprendizaje y evaluación.",
    ),
    (
        "social-inclusion",
        "Social inclusion and access to training",
        "Inclusion sociale et accès à la formation",
        "Inclusión social y acceso a la formación",
        "Reaching women, youth, persons with disabilities, migrants and refugees.",
        "Atteindre les femmes, les jeunes, les personnes handicapées, les migrants et les réfugiés.",
        "Llegar a mujeres, jóvenes, personas con discapacidad, migrantes y refugiados.",
    ),
    (
        "entrepreneurship",
        "Entrepreneurship and self-employment",
        "Entrepreneuriat et travail indépendant",
        "Emprendimiento y trabajo por cuenta propia",
        "Entrepreneurship training, incubation and self-employment.",
        "Formation à l'entrepreneuriat, incubation et travail indépendant.",
        "Formación empresarial, incubación y trabajo por cuenta propia.",
    ),
    (
        "core-life-skills",
        "Core skills and life skills",
        "Compétences de base et compétences de vie",
        "Competencias básicas y para la vida",
        "Soft skills, digital skills and life skills.",
        "Compétences non techniques, numériques et de vie.",
        "Habilidades blandas, digitales y para la vida.",
    ),
]

LANGUAGES = [
    ("en", "English", "Anglais", "Inglés"),
    ("fr", "French", "Français", "Francés"),
    ("es", "Spanish", "Espagnol", "Español"),
    ("ar", "Arabic", "Arabe", "Árabe"),
    ("pt", "Portuguese", "Portugais", "Portugués"),
    ("ru", "Russian", "Russe", "Ruso"),
    ("zh", "Chinese", "Chinois", "Chino"),
    ("hi", "Hindi", "Hindi", "Hindi"),
    ("bn", "Bengali", "Bengali", "Bengalí"),
    ("id", "Indonesian", "Indonésien", "Indonesio"),
    ("ms", "Malay", "Malais", "Malayo"),
    ("tl", "Filipino", "Filipino", "Filipino"),
    ("th", "Thai", "Thaï", "Tailandés"),
    ("vi", "Vietnamese", "Vietnamien", "Vietnamita"),
    ("ja", "Japanese", "Japonais", "Japonés"),
    ("ko", "Korean", "Coréen", "Coreano"),
    ("ur", "Urdu", "Ourdou", "Urdu"),
    ("ne", "Nepali", "Népalais", "Nepalí"),
    ("sw", "Swahili", "Swahili", "Suajili"),
    ("am", "Amharic", "Amharique", "Amárico"),
    ("ha", "Hausa", "Haoussa", "Hausa"),
    ("yo", "Yoruba", "Yoruba", "Yoruba"),
    ("ig", "Igbo", "Igbo", "Igbo"),
    ("zu", "Zulu", "Zoulou", "Zulú"),
    ("wo", "Wolof", "Wolof", "Wolof"),
    ("tr", "Turkish", "Turc", "Turco"),
    ("de", "German", "Allemand", "Alemán"),
    ("it", "Italian", "Italien", "Italiano"),
    ("nl", "Dutch", "Néerlandais", "Neerlandés"),
    ("pl", "Polish", "Polonais", "Polaco"),
    ("uk", "Ukrainian", "Ukrainien", "Ucraniano"),
    ("ka", "Georgian", "Géorgien", "Georgiano"),
    ("uz", "Uzbek", "Ouzbek", "Uzbeko"),
    ("kk", "Kazakh", "Kazakh", "Kazajo"),
    ("fa", "Persian", "Persan", "Persa"),
    ("he", "Hebrew", "Hébreu", "Hebreo"),
    ("qu", "Quechua", "Quechua", "Quechua"),
    ("ht", "Haitian Creole", "Créole haïtien", "Criollo haitiano"),
]

EXPERTISE = [
    ("proposal-writing", "Proposal writing", "Rédaction de propositions", "Redacción de propuestas"),
    ("budgeting", "Budgeting and financial reporting", "Budgétisation et rapports financiers", "Presupuestos e informes financieros"),
    ("monitoring-evaluation", "Monitoring and evaluation", "Suivi et évaluation", "Seguimiento y evaluación"),
    ("curriculum-design", "Curriculum design", "Conception de programmes", "Diseño curricular"),
    ("digital-learning", "Digital and online learning", "Apprentissage numérique et en ligne", "Aprendizaje digital y en línea"),
    ("labour-market-data", "Labour market data and big data", "Données du marché du travail et mégadonnées", "Datos del mercado laboral y macrodatos"),
    ("social-dialogue", "Social dialogue", "Dialogue social", "Diálogo social"),
    ("impact-investment", "Impact investment and outcomes funding", "Investissement d'impact et financement aux résultats", "Inversión de impacto y financiación por resultados"),
    ("translation", "Translation of documents", "Traduction de documents", "Traducción de documentos"),
    ("facilitation", "Facilitation and moderation", "Facilitation et modération", "Facilitación y moderación"),
    ("mental-health", "Mental health and psychosocial support", "Santé mentale et soutien psychosocial", "Salud mental y apoyo psicosocial"),
    ("gender-inclusion", "Gender and disability inclusion", "Inclusion du genre et du handicap", "Inclusión de género y discapacidad"),
    ("green-skills", "Green skills", "Compétences vertes", "Competencias verdes"),
    ("employer-engagement", "Employer engagement", "Mobilisation des employeurs", "Participación de los empleadores"),
    ("communications", "Communications and media", "Communication et médias", "Comunicación y medios"),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    SkillCategory = apps.get_model("members", "SkillCategory")
    Language = apps.get_model("members", "Language")
    Expertise = apps.get_model("members", "Expertise")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for i, (slug, en, fr, es, den, dfr, des) in enumerate(CATEGORIES, start=1):
        SkillCategory.objects.update_or_create(
            slug=slug,
            defaults=dict(
                ordering=i, name_en=en, name_fr=fr, name_es=es,
                description_en=den, description_fr=dfr, description_es=des,
            ),
        )
    for code, en, fr, es in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults=dict(name_en=en, name_fr=fr, name_es=es))
    for slug, en, fr, es in EXPERTISE:
        Expertise.objects.update_or_create(slug=slug, defaults=dict(name_en=en, name_fr=fr, name_es=es))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
