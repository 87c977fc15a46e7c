"""The demo network as data tables: accounts, places and names per region, languages,
organization names, bios and topics. The generator (network.py, generator.py) draws from
these with a fixed random seed."""

from __future__ import annotations

from taxonomy.regions import Region

from ..models import OrganizationType

SEED = 2026
PASSWORD = "demo-password-2026"  # noqa: S105 - published on purpose: demo accounts only
MEMBER_COUNT = 60

ACCOUNTS = [
    ("member@example.org", "an approved network member"),
    ("core@example.org", "a core group member"),
    ("staff@example.org", "ILO staff: curates in /admin/"),
    ("admin@example.org", "superuser"),
]

# Countries (with a time zone) per region, and names that fit them.
PLACES = {
    Region.AFRICA: [
        ("KE", "Africa/Nairobi"),
        ("NG", "Africa/Lagos"),
        ("SN", "Africa/Dakar"),
        ("GH", "Africa/Accra"),
        ("ZA", "Africa/Johannesburg"),
        ("ET", "Africa/Addis_Ababa"),
        ("RW", "Africa/Kigali"),
        ("CI", "Africa/Abidjan"),
        ("MA", "Africa/Casablanca"),
        ("UG", "Africa/Kampala"),
    ],
    Region.AMERICAS: [
        ("BR", "America/Sao_Paulo"),
        ("MX", "America/Mexico_City"),
        ("CO", "America/Bogota"),
        ("PE", "America/Lima"),
        ("AR", "America/Argentina/Buenos_Aires"),
        ("CL", "America/Santiago"),
        ("GT", "America/Guatemala"),
        ("JM", "America/Jamaica"),
        ("CA", "America/Toronto"),
        ("HT", "America/Port-au-Prince"),
    ],
    Region.ARAB_STATES: [
        ("JO", "Asia/Amman"),
        ("LB", "Asia/Beirut"),
        ("SA", "Asia/Riyadh"),
        ("QA", "Asia/Qatar"),
        ("AE", "Asia/Dubai"),
        ("OM", "Asia/Muscat"),
        ("IQ", "Asia/Baghdad"),
        ("PS", "Asia/Hebron"),
    ],
    Region.ASIA_PACIFIC: [
        ("IN", "Asia/Kolkata"),
        ("BD", "Asia/Dhaka"),
        ("ID", "Asia/Jakarta"),
        ("PH", "Asia/Manila"),
        ("VN", "Asia/Ho_Chi_Minh"),
        ("NP", "Asia/Kathmandu"),
        ("PK", "Asia/Karachi"),
        ("TH", "Asia/Bangkok"),
        ("FJ", "Pacific/Fiji"),
        ("KH", "Asia/Phnom_Penh"),
    ],
    Region.EUROPE_CENTRAL_ASIA: [
        ("FR", "Europe/Paris"),
        ("ES", "Europe/Madrid"),
        ("DE", "Europe/Berlin"),
        ("IT", "Europe/Rome"),
        ("TR", "Europe/Istanbul"),
        ("UA", "Europe/Kyiv"),
        ("GE", "Asia/Tbilisi"),
        ("UZ", "Asia/Tashkent"),
        ("KZ", "Asia/Almaty"),
        ("PL", "Europe/Warsaw"),
    ],
}
NAMES = {
    Region.AFRICA: (
        [
            "Amina",
            "Kwame",
            "Fatou",
            "Chidi",
            "Wanjiru",
            "Tendai",
            "Aïcha",
            "Yaw",
            "Nomvula",
            "Sekou",
            "Halima",
            "Abebe",
        ],
        [
            "Okafor",
            "Mensah",
            "Diop",
            "Wanjiku",
            "Ndlovu",
            "Tesfaye",
            "Traoré",
            "Mugisha",
            "Kamara",
            "Bello",
        ],
    ),
    Region.AMERICAS: (
        [
            "Lucía",
            "Mateo",
            "Camila",
            "João",
            "Valentina",
            "Diego",
            "Ana",
            "Luis",
            "Isabela",
            "Rosa",
            "Marcus",
            "Paula",
        ],
        [
            "Gómez",
            "Silva",
            "Rodríguez",
            "Pereira",
            "Martínez",
            "Quispe",
            "Fernández",
            "Campbell",
            "Souza",
            "Díaz",
        ],
    ),
    Region.ARAB_STATES: (
        [
            "Layla",
            "Omar",
            "Rania",
            "Youssef",
            "Nour",
            "Khalid",
            "Salma",
            "Hassan",
            "Mariam",
            "Tariq",
            "Dina",
            "Sami",
        ],
        [
            "Haddad",
            "Al-Masri",
            "Khoury",
            "Nasser",
            "Saleh",
            "Al-Farsi",
            "Darwish",
            "Hamdan",
            "Aziz",
            "Mansour",
        ],
    ),
    Region.ASIA_PACIFIC: (
        [
            "Priya",
            "Rahim",
            "Siti",
            "Jose",
            "Linh",
            "Anil",
            "Dewi",
            "Sunita",
            "Arjun",
            "Mele",
            "Somchai",
            "Nasrin",
        ],
        [
            "Sharma",
            "Rahman",
            "Santoso",
            "Reyes",
            "Nguyen",
            "Thapa",
            "Khan",
            "Srisai",
            "Naidu",
            "Chowdhury",
        ],
    ),
    Region.EUROPE_CENTRAL_ASIA: (
        [
            "Claire",
            "Javier",
            "Anna",
            "Marco",
            "Elif",
            "Olena",
            "Nino",
            "Dilnoza",
            "Aigerim",
            "Piotr",
            "Lea",
            "Sofia",
        ],
        [
            "Martin",
            "García",
            "Schmidt",
            "Rossi",
            "Yılmaz",
            "Kovalenko",
            "Beridze",
            "Karimova",
            "Nowak",
            "Dubois",
        ],
    ),
}
REGION_LANGUAGES = {
    Region.AFRICA: ["sw", "ha", "yo", "am", "wo", "zu", "fr", "pt", "ar"],
    Region.AMERICAS: ["es", "pt", "ht", "qu", "fr"],
    Region.ARAB_STATES: ["ar", "fr"],
    Region.ASIA_PACIFIC: ["hi", "bn", "id", "tl", "vi", "ne", "ur", "th", "ms"],
    Region.EUROPE_CENTRAL_ASIA: ["fr", "es", "de", "it", "tr", "uk", "ka", "uz", "kk", "pl", "ru"],
}
FRENCH = {"SN", "CI", "MA", "FR", "HT"}
SPANISH = {"MX", "CO", "PE", "AR", "CL", "GT", "ES"}

ORG_STEMS = [
    "Skills Bridge", "Youth Futures", "Apprentice Works", "Digital Pathways", "Green Jobs Lab",
    "Learning Commons", "Career Compass", "Women in Trades", "Inclusive Skills", "Rural Makers",
    "Upskill Hub", "Craft and Code", "Second Chance Academy", "Talent Garden", "Future of Work Lab",
    "Skills for Peace", "Open Workshop", "Migrant Skills Network", "Solar Technicians", "Care Academy",
    "Blue Economy Skills", "Agri Skills Collective", "Tech Sisters", "First Job Initiative",
    "Makers of Tomorrow", "Skills Compass", "New Horizons Training", "Bright Futures Trust",
    "Work Ready", "Skillful Cities", "Learning by Doing", "Pathways to Work", "Circular Skills",
    "Mentor Bridge", "Community Colleges Alliance", "Skills Lab", "Reskill Now", "Hands On",
    "Next Generation Crafts", "Village Innovators", "Coding Roots", "Career Roads",
    "Skills Without Borders", "Inclusive Tech", "Green Builders", "Health Care Skills",
    "Tourism Skills Hub", "Creative Trades",
]  # fmt: skip
ORG_SUFFIXES = {
    OrganizationType.NGO: "Foundation",
    OrganizationType.SOCIAL_ENTERPRISE: "Social Enterprise",
    OrganizationType.SME: "Ltd",
    OrganizationType.TRAINING_PROVIDER: "Institute",
    OrganizationType.PUBLIC_AGENCY: "Agency",
    OrganizationType.EMPLOYERS: "Employers' Forum",
    OrganizationType.WORKERS: "Workers' Union",
    OrganizationType.ACADEMIA: "Research Centre",
    OrganizationType.INTERNATIONAL: "Partnership",
    OrganizationType.OTHER: "Collective",
}
ROLES_IN_ORG = [
    "Director",
    "Programme manager",
    "Founder",
    "Training coordinator",
    "Researcher",
    "Partnerships lead",
]
PALETTE = ["#1e2d78", "#0b7a75", "#b5452b", "#6b3fa0", "#2f6f2f", "#a0522d", "#005a9c", "#8a1c4a"]
BIOS = [
    "I lead {org}'s work on {topic}, with partners from government, employers and workers.",
    "Before joining {org} I taught in vocational schools for ten years. I now work on {topic}.",
    "At {org} we test new ways of doing {topic}; happy to share what worked and what did not.",
    "I coordinate {topic} programmes at {org} and look for partners to scale them across the region.",
]


TOPICS = {
    "work-based-learning": "apprenticeships",
    "rpl-certification": "recognition of prior learning",
    "career-guidance": "career guidance",
    "skills-data": "skills anticipation",
    "skills-ecosystem": "industry partnerships",
    "training-delivery": "training delivery",
    "social-inclusion": "inclusive training",
    "entrepreneurship": "entrepreneurship training",
    "core-life-skills": "life skills",
}
