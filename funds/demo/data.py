"""The demo funding calls as data tables: funders, instruments, themes, texts in three
languages, rates, places. The generator (generator.py) draws from these."""

from __future__ import annotations

from taxonomy.regions import Region

from ..choices import FunderType, Instrument

DEMO_URL_MARK = ".example.org/opportunities/"
CALLS = 300

# name, type, country, currency, preferred title language
FUNDERS: list[tuple[str, str, str, str, str]] = [
    ("ILO Skills Innovation Facility", FunderType.ILO, "", "USD", "en"),
    ("ILO Youth Employment Programme", FunderType.ILO, "", "USD", "en"),
    ("ILO Regional Office for Africa", FunderType.ILO, "CI", "USD", "fr"),
    ("ILO Regional Office for Latin America and the Caribbean", FunderType.ILO, "PE", "USD", "es"),
    ("Ministry of Labour and Social Protection, Kenya", FunderType.GOVERNMENT, "KE", "KES", "en"),
    ("Ministère de la Formation professionnelle, Sénégal", FunderType.GOVERNMENT, "SN", "XOF", "fr"),
    ("Secretaría del Trabajo y Previsión Social, México", FunderType.GOVERNMENT, "MX", "MXN", "es"),
    ("Ministry of Skill Development and Entrepreneurship, India", FunderType.GOVERNMENT, "IN", "INR", "en"),
    ("Department of Employment and Labour, South Africa", FunderType.GOVERNMENT, "ZA", "ZAR", "en"),
    ("Ministerio del Trabajo, Colombia", FunderType.GOVERNMENT, "CO", "COP", "es"),
    ("Ministry of Labour, Jordan", FunderType.GOVERNMENT, "JO", "JOD", "en"),
    ("Agence nationale pour l'emploi, Bénin", FunderType.EMPLOYMENT_SERVICE, "BJ", "XOF", "fr"),
    ("Servicio Nacional de Aprendizaje (SENA)", FunderType.EMPLOYMENT_SERVICE, "CO", "COP", "es"),
    ("TESDA – Technical Education and Skills Development Authority", FunderType.EMPLOYMENT_SERVICE, "PH", "PHP", "en"),
    ("Lagos State Employment Trust Fund", FunderType.LOCAL_GOVERNMENT, "NG", "NGN", "en"),
    ("Erasmus+ Capacity Building in Vocational Education", FunderType.EU, "", "EUR", "en"),
    ("European Social Fund Plus", FunderType.EU, "", "EUR", "en"),
    ("Team Europe Global Gateway Skills Initiative", FunderType.EU, "", "EUR", "en"),
    ("African Development Bank", FunderType.DEVELOPMENT_BANK, "CI", "USD", "en"),
    ("Asian Development Bank", FunderType.DEVELOPMENT_BANK, "PH", "USD", "en"),
    ("IDB Lab", FunderType.DEVELOPMENT_BANK, "US", "USD", "es"),
    ("Islamic Development Bank", FunderType.DEVELOPMENT_BANK, "SA", "USD", "en"),
    ("GIZ – Deutsche Gesellschaft für Internationale Zusammenarbeit", FunderType.BILATERAL, "DE", "EUR", "en"),
    ("Swiss Agency for Development and Cooperation", FunderType.BILATERAL, "CH", "CHF", "en"),
    ("Agence française de développement", FunderType.BILATERAL, "FR", "EUR", "fr"),
    ("Global Affairs Canada", FunderType.BILATERAL, "CA", "CAD", "en"),
    ("Norad – Norwegian Agency for Development Cooperation", FunderType.BILATERAL, "NO", "NOK", "en"),
    ("Generation Unlimited", FunderType.MULTILATERAL, "", "USD", "en"),
    ("UNDP Accelerator Labs", FunderType.MULTILATERAL, "", "USD", "en"),
    ("Mastercard Foundation", FunderType.PRIVATE_FOUNDATION, "CA", "USD", "en"),
    ("Jacobs Foundation", FunderType.PRIVATE_FOUNDATION, "CH", "CHF", "en"),
    ("Aga Khan Foundation", FunderType.PRIVATE_FOUNDATION, "CH", "USD", "en"),
    ("Fundación Telefónica", FunderType.CORPORATE, "ES", "EUR", "es"),
    ("Fondation Orange", FunderType.CORPORATE, "FR", "EUR", "fr"),
    ("Google.org Impact Challenge", FunderType.CORPORATE, "US", "USD", "en"),
    ("Education Outcomes Fund", FunderType.IMPACT_INVESTOR, "GB", "USD", "en"),
    ("Social Finance Skills Impact Bonds", FunderType.IMPACT_INVESTOR, "GB", "GBP", "en"),
    ("Acumen", FunderType.IMPACT_INVESTOR, "US", "USD", "en"),
    ("GlobalGiving", FunderType.CROWDFUNDING, "US", "USD", "en"),
    ("Kiva", FunderType.CROWDFUNDING, "US", "USD", "en"),
    ("International Organisation of Employers", FunderType.EMPLOYERS, "CH", "CHF", "en"),
    ("International Trade Union Confederation", FunderType.WORKERS, "BE", "EUR", "en"),
]

INSTRUMENTS_BY_FUNDER_TYPE = {
    FunderType.ILO: [Instrument.CHALLENGE, Instrument.CALL_FOR_PROPOSALS, Instrument.TECHNICAL_ASSISTANCE, Instrument.FELLOWSHIP],
    FunderType.GOVERNMENT: [Instrument.GOVERNMENT_PROGRAMME, Instrument.PROJECT_GRANT, Instrument.CALL_FOR_PROPOSALS],
    FunderType.EMPLOYMENT_SERVICE: [Instrument.GOVERNMENT_PROGRAMME, Instrument.CALL_FOR_PROPOSALS],
    FunderType.LOCAL_GOVERNMENT: [Instrument.LOAN, Instrument.GOVERNMENT_PROGRAMME],
    FunderType.EU: [Instrument.CALL_FOR_PROPOSALS, Instrument.PROJECT_GRANT],
    FunderType.DEVELOPMENT_BANK: [Instrument.LOAN, Instrument.PROJECT_GRANT, Instrument.TECHNICAL_ASSISTANCE, Instrument.CHALLENGE],
    FunderType.BILATERAL: [Instrument.PROJECT_GRANT, Instrument.CALL_FOR_PROPOSALS, Instrument.CORE_GRANT],
    FunderType.MULTILATERAL: [Instrument.CHALLENGE, Instrument.ACCELERATOR],
    FunderType.PRIVATE_FOUNDATION: [Instrument.PROJECT_GRANT, Instrument.CORE_GRANT, Instrument.FELLOWSHIP],
    FunderType.CORPORATE: [Instrument.CHALLENGE, Instrument.ACCELERATOR, Instrument.PROJECT_GRANT],
    FunderType.IMPACT_INVESTOR: [Instrument.IMPACT_BOND, Instrument.EQUITY],
    FunderType.CROWDFUNDING: [Instrument.CROWDFUNDING],
    FunderType.EMPLOYERS: [Instrument.PROJECT_GRANT, Instrument.TECHNICAL_ASSISTANCE],
    FunderType.WORKERS: [Instrument.PROJECT_GRANT, Instrument.TECHNICAL_ASSISTANCE],
}

# Words for titles, by instrument, in English / French / Spanish.
INSTRUMENT_WORDS = {
    Instrument.PROJECT_GRANT: ("Grants", "Subventions", "Subvenciones"),
    Instrument.CORE_GRANT: ("Institutional Support", "Appui institutionnel", "Apoyo institucional"),
    Instrument.CALL_FOR_PROPOSALS: ("Call for Proposals", "Appel à propositions", "Convocatoria de propuestas"),
    Instrument.CHALLENGE: ("Challenge", "Concours", "Desafío"),
    Instrument.FELLOWSHIP: ("Fellowship", "Bourse", "Beca"),
    Instrument.IMPACT_BOND: ("Impact Bond", "Contrat à impact", "Bono de impacto"),
    Instrument.LOAN: ("Concessional Loans", "Prêts concessionnels", "Préstamos concesionales"),
    Instrument.EQUITY: ("Investment Window", "Fenêtre d'investissement", "Ventana de inversión"),
    Instrument.TECHNICAL_ASSISTANCE: ("Technical Assistance Facility", "Facilité d'assistance technique", "Facilidad de asistencia técnica"),
    Instrument.ACCELERATOR: ("Accelerator", "Accélérateur", "Aceleradora"),
    Instrument.GOVERNMENT_PROGRAMME: ("Programme", "Programme", "Programa"),
    Instrument.CROWDFUNDING: ("Crowdfunding Campaign", "Campagne de financement participatif", "Campaña de micromecenazgo"),
    Instrument.OTHER: ("Opportunity", "Opportunité", "Oportunidad"),
}

# category slug -> themes (en, fr, es)
THEMES: dict[str, list[tuple[str, str, str]]] = {
    "work-based-learning": [
        ("Quality Apprenticeships", "Apprentissage de qualité", "Aprendizaje de calidad"),
        ("Dual Training Partnerships", "Partenariats de formation duale", "Alianzas de formación dual"),
        ("Internships for Young Graduates", "Stages pour jeunes diplômés", "Pasantías para jóvenes egresados"),
    ],
    "rpl-certification": [
        ("Recognition of Prior Learning", "Reconnaissance des acquis", "Reconocimiento de aprendizajes previos"),
        ("Skills Certification for Informal Workers", "Certification des travailleurs informels", "Certificación de trabajadores informales"),
    ],
    "career-guidance": [
        ("Digital Career Guidance", "Orientation professionnelle numérique", "Orientación profesional digital"),
        ("Innovative Employment Services", "Services de l'emploi innovants", "Servicios de empleo innovadores"),
    ],
    "skills-data": [
        ("Skills Anticipation", "Anticipation des compétences", "Anticipación de competencias"),
        ("Labour Market Intelligence", "Intelligence du marché du travail", "Inteligencia del mercado laboral"),
    ],
    "skills-ecosystem": [
        ("Green Skills Ecosystems", "Écosystèmes de compétences vertes", "Ecosistemas de competencias verdes"),
        ("Sectoral Skills Councils", "Conseils sectoriels des compétences", "Consejos sectoriales de competencias"),
        ("Innovative Skills Financing", "Financement innovant des compétences", "Financiación innovadora de competencias"),
    ],
    "training-delivery": [
        ("EdTech for TVET", "Technologies éducatives pour l'EFTP", "Tecnología educativa para la EFTP"),
        ("Blended Learning in Vocational Training", "Formation professionnelle hybride", "Formación profesional híbrida"),
    ],
    "social-inclusion": [
        ("Skills for Refugees and Host Communities", "Compétences pour réfugiés et communautés d'accueil", "Competencias para refugiados y comunidades de acogida"),
        ("Women in Technical Trades", "Femmes dans les métiers techniques", "Mujeres en oficios técnicos"),
        ("Disability-Inclusive Training", "Formation inclusive du handicap", "Formación inclusiva de la discapacidad"),
    ],
    "entrepreneurship": [
        ("Youth Entrepreneurship", "Entrepreneuriat des jeunes", "Emprendimiento juvenil"),
        ("Rural Micro-enterprise Skills", "Compétences pour micro-entreprises rurales", "Competencias para microempresas rurales"),
    ],
    "core-life-skills": [
        ("Digital Skills for All", "Compétences numériques pour tous", "Competencias digitales para todos"),
        ("Life Skills for Out-of-School Youth", "Compétences de vie pour jeunes déscolarisés", "Habilidades para la vida de jóvenes fuera de la escuela"),
    ],
}

# Summaries: one drawn per call, in the call's language. {who}: who may apply, {theme}:
# the theme (lower case), {where}: the countries or regions, {award}: what one award is.
SUMMARIES = {
    "en": [
        "Funding for {who} that develop {theme} in {where}. Proposals should show how they reach young people and workers who need skills for decent work, and how results will be measured.",
        "{award} to test or scale up {theme} with employers in {where}. Priority goes to projects co-designed with workers' and employers' organizations.",
        "Support for {who} working on {theme}. Open to applicants in {where}; projects last 12 to 24 months and must include a plan to keep going after the grant.",
        "This round backs {theme} for people left out of formal training in {where}: women, rural youth, refugees and workers in the informal economy.",
        "{award} for {who} with a working pilot of {theme} that is ready to grow in {where}. Mentoring from sector experts comes with the funding.",
        "Seed money and technical help to bring {theme} to small towns and rural areas in {where}, with partners from local government.",
    ],
    "fr": [
        "Financement pour {who} qui développent : {theme}, {where}. Les propositions montrent comment elles atteignent les jeunes et les travailleurs qui ont besoin de compétences pour un travail décent.",
        "{award} pour tester ou étendre des projets ({theme}) avec des employeurs, {where}. Priorité aux projets conçus avec les organisations d'employeurs et de travailleurs.",
        "Soutien à {who} engagés sur ce thème : {theme}. Ouvert aux candidats {where} ; les projets durent de 12 à 24 mois et prévoient leur suite après le financement.",
        "Cet appel soutient des projets ({theme}) pour les personnes exclues de la formation formelle, {where} : femmes, jeunes ruraux, réfugiés, travailleurs de l'économie informelle.",
        "{award} pour {who} dont le projet pilote ({theme}) a fait ses preuves et peut changer d'échelle, {where}. Un accompagnement par des experts du secteur est inclus.",
    ],
    "es": [
        "Financiación para {who} que desarrollan: {theme}, {where}. Las propuestas deben mostrar cómo llegan a jóvenes y trabajadores que necesitan competencias para un trabajo decente.",
        "{award} para probar o ampliar proyectos ({theme}) con empleadores, {where}. Se da prioridad a los proyectos diseñados con organizaciones de empleadores y de trabajadores.",
        "Apoyo a {who} que trabajan en este tema: {theme}. Abierto a postulantes {where}; los proyectos duran de 12 a 24 meses e incluyen un plan para continuar después de la financiación.",
        "Esta convocatoria apoya proyectos ({theme}) para personas excluidas de la formación formal, {where}: mujeres, jóvenes rurales, personas refugiadas y trabajadores de la economía informal.",
        "{award} para {who} con un piloto probado ({theme}) listo para crecer, {where}. La financiación incluye mentoría de especialistas del sector.",
    ],
}
WHO = {
    "en": ["training providers, NGOs and social enterprises", "TVET institutions and their partners", "youth organizations and community groups", "start-ups and small businesses"],
    "fr": ["les centres de formation, ONG et entreprises sociales", "les établissements d'EFTP et leurs partenaires", "les associations de jeunes et groupes communautaires", "les jeunes entreprises et PME"],
    "es": ["centros de formación, ONG y empresas sociales", "instituciones de EFTP y sus socios", "organizaciones juveniles y grupos comunitarios", "empresas emergentes y pequeñas empresas"],
}
AWARD = {
    "en": ["Grants", "Awards", "Funding", "Co-funding"],
    "fr": ["Subventions", "Prix", "Financements", "Cofinancements"],
    "es": ["Subvenciones", "Premios", "Fondos", "Cofinanciación"],
}
WORLDWIDE = {"en": "any country", "fr": "dans tous les pays", "es": "en todos los países"}
# How {where} reads for a list of places: "in Kenya, Senegal" / "au Kenya, Sénégal".
WHERE = {"en": "{places}", "fr": "pays ou régions : {places}", "es": "países o regiones: {places}"}

# A call's description, in its language: the sections a call text has, without the summary
# (the page shows it above). {deadline_hint}, {extra}: one of a few variants each.
DESCRIPTION = {
    "en": """## Who can apply

- Registered organizations with at least two years of experience in skills development
- {extra}

## What is funded

{funded}

## How to apply

Read the guidelines on the funder's page and submit the application form {deadline_hint}.
""",
    "fr": """## Qui peut candidater

- Les organisations enregistrées ayant au moins deux ans d'expérience dans le développement des compétences
- {extra}

## Ce qui est financé

{funded}

## Comment candidater

Lisez les lignes directrices sur le site du bailleur et envoyez le formulaire de candidature {deadline_hint}.
""",
    "es": """## Quién puede postular

- Organizaciones registradas con al menos dos años de experiencia en el desarrollo de competencias
- {extra}

## Qué se financia

{funded}

## Cómo postular

Lea las bases en el sitio del financiador y envíe el formulario de postulación {deadline_hint}.
""",
}
DESCRIPTION_PARTS = {
    "en": {
        "extra": ["Consortia led by a local organization are encouraged", "Public institutions may apply with a civil-society partner", "Applicants may submit one proposal only"],
        "funded": ["Pilots, scale-up of proven approaches, and the evaluation of results.", "Training costs, equipment, staff time and an independent evaluation (up to 10% of the budget).", "Curriculum design with employers, trainer training and work placements."],
        "deadline_hint": ["before the deadline", "online before the deadline; late applications are not considered", "with a letter of support from an employer"],
    },
    "fr": {
        "extra": ["Les consortiums menés par une organisation locale sont encouragés", "Les institutions publiques peuvent candidater avec un partenaire de la société civile", "Une seule proposition par candidat"],
        "funded": ["Projets pilotes, changement d'échelle d'approches éprouvées et évaluation des résultats.", "Coûts de formation, équipement, temps de personnel et évaluation indépendante (jusqu'à 10 % du budget).", "Conception de programmes avec les employeurs, formation des formateurs et stages."],
        "deadline_hint": ["avant la date limite", "en ligne avant la date limite ; les candidatures tardives ne sont pas examinées", "avec une lettre de soutien d'un employeur"],
    },
    "es": {
        "extra": ["Se alientan los consorcios liderados por una organización local", "Las instituciones públicas pueden postular con un socio de la sociedad civil", "Cada postulante puede presentar una sola propuesta"],
        "funded": ["Pilotos, ampliación de enfoques probados y evaluación de resultados.", "Costos de formación, equipamiento, tiempo del personal y una evaluación independiente (hasta el 10 % del presupuesto).", "Diseño curricular con empleadores, formación de formadores y pasantías."],
        "deadline_hint": ["antes de la fecha límite", "en línea antes de la fecha límite; no se consideran postulaciones tardías", "con una carta de apoyo de un empleador"],
    },
}

USD_RATES = {
    "USD": 1, "EUR": 1.08, "GBP": 1.27, "CHF": 1.12, "CAD": 0.74, "NOK": 0.095, "KES": 0.0077,
    "XOF": 0.0016, "MXN": 0.058, "INR": 0.012, "ZAR": 0.054, "COP": 0.00025, "JOD": 1.41,
    "PHP": 0.018, "NGN": 0.00065,
}  # fmt: skip

TIME_ZONES = {
    "": "Europe/Zurich", "KE": "Africa/Nairobi", "SN": "Africa/Dakar", "MX": "America/Mexico_City",
    "IN": "Asia/Kolkata", "ZA": "Africa/Johannesburg", "CO": "America/Bogota", "JO": "Asia/Amman",
    "BJ": "Africa/Porto-Novo", "PH": "Asia/Manila", "NG": "Africa/Lagos", "CI": "Africa/Abidjan",
    "US": "America/New_York", "SA": "Asia/Riyadh", "DE": "Europe/Berlin", "CH": "Europe/Zurich",
    "FR": "Europe/Paris", "CA": "America/Toronto", "NO": "Europe/Oslo", "ES": "Europe/Madrid",
    "GB": "Europe/London", "BE": "Europe/Brussels", "PE": "America/Lima",
}  # fmt: skip
SAMPLE_COUNTRIES = {
    Region.AFRICA: ["KE", "NG", "GH", "SN", "ET", "UG", "TZ", "RW", "CI", "MA", "ZA", "BJ"],
    Region.AMERICAS: ["CO", "MX", "PE", "BR", "GT", "HN", "EC", "BO", "HT", "JM"],
    Region.ARAB_STATES: ["JO", "LB", "IQ", "PS", "YE", "OM"],
    Region.ASIA_PACIFIC: ["IN", "BD", "PH", "ID", "VN", "NP", "KH", "PK", "FJ"],
    Region.EUROPE_CENTRAL_ASIA: ["UA", "MD", "GE", "AM", "UZ", "KG", "TR", "AL"],
}
EU_PARTNER_REGIONS = [Region.AFRICA, Region.ARAB_STATES, Region.EUROPE_CENTRAL_ASIA, Region.ASIA_PACIFIC]
