"""Vocabularies of the funding-calls catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FunderType(models.TextChoices):
    ILO = "ilo", _("ILO")
    GOVERNMENT = "government", _("National government or ministry")
    EMPLOYMENT_SERVICE = "employment_service", _("Public employment service / agency")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    BILATERAL = "bilateral", _("Bilateral development agency")
    MULTILATERAL = "multilateral", _("UN or multilateral body")
    DEVELOPMENT_BANK = "development_bank", _("Development bank")
    EU = "eu", _("EU programme")
    EMPLOYERS = "employers", _("Employers' organization")
    WORKERS = "workers", _("Workers' organization")
    PRIVATE_FOUNDATION = "private_foundation", _("Private foundation")
    CORPORATE = "corporate", _("Corporate foundation / CSR")
    IMPACT_INVESTOR = "impact_investor", _("Impact investor or outcomes fund")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding platform")
    OTHER = "other", _("Other")


class Instrument(models.TextChoices):
    PROJECT_GRANT = "project_grant", _("Project grant")
    CORE_GRANT = "core_grant", _("Core / institutional grant")
    CALL_FOR_PROPOSALS = "call_for_proposals", _("Call for proposals")
    CHALLENGE = "challenge", _("Challenge / prize / competition")
    FELLOWSHIP = "fellowship", _("Fellowship / award")
    IMPACT_BOND = "impact_bond", _("Social or development impact bond / outcomes-based contract")
    LOAN = "loan", _("Loan or concessional finance")
    EQUITY = "equity", _("Equity / impact investment")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance / in-kind")
    ACCELERATOR = "accelerator", _("Accelerator / incubation")
    GOVERNMENT_PROGRAMME = "government_programme", _("Government programme / subsidy")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding")
    OTHER = "other", _("Other")


class ApplicantType(models.TextChoices):
    NGO = "ngo", _("NGO / CSO")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    SME = "sme", _("SME / start-up")
    TRAINING_PROVIDER = "training_provider", _("Training provider / TVET")
    UNIVERSITY = "university", _("University / research")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    EMPLOYERS = "employers", _("Employers' organization")
    WORKERS = "workers", _("Workers' organization")
    INDIVIDUAL = "individual", _("Individual")
    CONSORTIUM = "consortium", _("Consortium required")


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class Lifecycle(models.TextChoices):
    """What users see; derived from the dates at query time, never stored."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSING_SOON = "closing_soon", _("Closing soon")
    CLOSED = "closed", _("Closed")


class Source(models.TextChoices):
    STAFF = "staff", _("ILO staff")
    MEMBER = "member", _("Member suggestion")
    IMPORT = "import", _("Spreadsheet import")


# ISO 4217 codes the network's funders use; staff can pick "other" and note it.
CURRENCIES = [
    ("USD", "USD — US dollar"),
    ("EUR", "EUR — Euro"),
    ("GBP", "GBP — Pound sterling"),
    ("CHF", "CHF — Swiss franc"),
    ("CAD", "CAD — Canadian dollar"),
    ("AUD", "AUD — Australian dollar"),
    ("JPY", "JPY — Yen"),
    ("SEK", "SEK — Swedish krona"),
    ("NOK", "NOK — Norwegian krone"),
    ("DKK", "DKK — Danish krone"),
    ("ZAR", "ZAR — Rand"),
    ("KES", "KES — Kenyan shilling"),
    ("NGN", "NGN — Naira"),
    ("GHS", "GHS — Cedi"),
    ("EGP", "EGP — Egyptian pound"),
    ("MAD", "MAD — Moroccan dirham"),
    ("XOF", "XOF — CFA franc BCEAO"),
    ("XAF", "XAF — CFA franc BEAC"),
    ("INR", "INR — Indian rupee"),
    ("IDR", "IDR — Rupiah"),
    ("PHP", "PHP — Philippine peso"),
    ("CNY", "CNY — Yuan renminbi"),
    ("BRL", "BRL — Brazilian real"),
    ("MXN", "MXN — Mexican peso"),
    ("COP", "COP — Colombian peso"),
    ("ARS", "ARS — Argentine peso"),
    ("CLP", "CLP — Chilean peso"),
    ("PEN", "PEN — Sol"),
    ("JOD", "JOD — Jordanian dinar"),
    ("LBP", "LBP — Lebanese pound"),
    ("AED", "AED — UAE dirham"),
    ("SAR", "SAR — Saudi riyal"),
    ("TRY", "TRY — Turkish lira"),
]
