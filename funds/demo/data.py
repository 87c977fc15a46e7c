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

SUMMARIES = {
    "en": "Funding for {who} that develop {theme} in {where}. Proposals should show how they reach young people and workers who need skills for decent work, and how results will be measured.",
    "fr": "Financement pour {who} qui développent : {theme}, {where}. Les propositions montrent comment elles atteignent les jeunes et les travailleurs qui ont besoin de compétences pour un travail décent.",
    "es": "Financiación para {who} que desarrollan: {theme}, {where}. Las propuestas deben mostrar cómo llegan a jóvenes y trabajadores que necesitan competencias para un trabajo decente.",
}
WHO = {
    "en": "training providers, NGOs and social enterprises",
    "fr": "les centres de formation, ONG et entreprises sociales",
    "es": "centros de formación, ONG y empresas sociales",
}
WORLDWIDE = {"en": "any country", "fr": "dans tous les pays", "es": "en todos los países"}

DESCRIPTION = """## About the call

{summary}

## Who can apply

- Registered organizations with at least two years of experience in skills development
- Consortia led by a local organization are encouraged

## What is funded

Pilots, scale-up of proven approaches, and the evaluation of results.

## How to apply

Read the guidelines on the funder's page and submit the application form before the deadline.
"""

USD_RATES = {
    "USD": 1, "EUR": 1.08, "GBP": 1.27, "CHF": 1.12, "CAD": 0.74, "NOK": 0.095, "KES": 0.0077,
    "XOF": 0.0016, "MXN": 0.058, "INR": 0.012, "ZAR": 0.054, "COP": 0.00025, "JOD": 1.41,
    "PHP": 0.018, "NGN": 0.00065,
}  # fmt: skip

REGION_LANGUAGES = {
    Region.AFRICA: ["en", "fr", "pt", "sw"],
    Region.AMERICAS: ["es", "en", "pt"],
    Region.ARAB_STATES: ["ar", "en", "fr"],
    Region.ASIA_PACIFIC: ["en", "id", "tl", "hi"],
    Region.EUROPE_CENTRAL_ASIA: ["en", "fr", "ru", "tr"],
}
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
