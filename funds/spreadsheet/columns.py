"""The column spec of the funding calls spreadsheet (.xlsx and .csv).

ONE column spec (COLUMNS) drives the export (funds.spreadsheet.export), the import
template and the import (funds.spreadsheet.importing), so a file exported from the
portal, edited in Excel and imported again keeps every field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy

from taxonomy.regions import Region

from ..choices import ApplicantType, EditorialStatus, FunderType, Instrument
from ..models import DESCRIPTION_MAX_LENGTH

__all__ = ["CALLS_SHEET", "COLUMNS", "CSV_BOM", "LIST_SEPARATOR", "README_SHEET", "Column"]

LIST_SEPARATOR = "; "
# Excel opens a UTF-8 CSV correctly only when it starts with a byte-order mark.
CSV_BOM = "\ufeff"
CALLS_SHEET = "Calls"
README_SHEET = "Read me"


@dataclass(frozen=True)
class Column:
    """One spreadsheet column.

    header: the header written on export, in the reader's language (imports accept it
        in English, French or Spanish, in any case, punctuation and word order, and the
        field name; see funds.spreadsheet.headers).
    key: the FundingCall field it fills, or funder_type / funder_country.
    kind: how cells are written and read (see funds.spreadsheet.cells for parsing).
    """

    header: Any  # lazy: the header in the active language
    key: str
    kind: str
    help: Any
    example: Any = ""
    required: bool = False
    width: int = 18
    choices: type[TextChoices] | None = None
    max_length: int | None = None
    aliases: tuple[str, ...] = field(default=())
    # Text that may span lines (summary, description); every other text cell is read as
    # one line (core.text.single_line).
    multiline: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(gettext_lazy("Title"), "title", "text", gettext_lazy("The call's name, as the funder writes it."),
           "Youth Skills Innovation Challenge 2026", required=True, width=45, max_length=300),
    Column(gettext_lazy("Reference"), "reference", "text", gettext_lazy("The funder's reference number, if any. Used to find the call again when the source URL changed."),
           "YSIC-2026", width=16, max_length=120),
    Column(gettext_lazy("Funder"), "funder", "funder", gettext_lazy("The main funder's name. A funder not yet in the portal is created (with the two next columns)."),
           "ILO Skills Innovation Facility", required=True, width=32, aliases=("funder name",)),
    Column(gettext_lazy("Funder type"), "funder_type", "choice", gettext_lazy("Only used when the funder is new (edit existing funders in the admin)."),
           FunderType.ILO.value, width=16, choices=FunderType),
    Column(gettext_lazy("Funder country"), "funder_country", "country", gettext_lazy("Only used when the funder is new. ISO code or name; empty for international funders."),
           "", width=14),
    Column(gettext_lazy("Co-funders"), "co_funders", "funders", gettext_lazy("Other funders' names, separated by semicolons, commas or new lines. New ones are created."),
           "", width=30),
    Column(gettext_lazy("Summary"), "summary", "text", gettext_lazy("Two or three sentences shown in lists (at most 1000 characters)."),
           "Grants for organizations that train young people for green jobs.", required=True, width=60, max_length=1000, multiline=True),
    Column(gettext_lazy("Description"), "description", "text", gettext_lazy("The full description, in Markdown (at most 20,000 characters)."),
           "## Who can apply\n\nTraining providers and NGOs.", width=60, max_length=DESCRIPTION_MAX_LENGTH, multiline=True),
    Column(gettext_lazy("Instrument"), "instrument", "choice", gettext_lazy("The kind of funding (code or name)."),
           Instrument.CHALLENGE.value, required=True, width=20, choices=Instrument),
    Column(gettext_lazy("Categories"), "categories", "categories", gettext_lazy("Skills categories: names in English, French or Spanish (or common synonyms such as TVET or apprenticeships), separated by semicolons, commas or new lines."),
           "work-based-learning; entrepreneurship", width=32),
    Column(gettext_lazy("Regions"), "eligible_regions", "multichoice", gettext_lazy("Eligible ILO regions (codes or names), separated by semicolons."),
           "africa; arab-states", width=24, choices=Region),
    Column(gettext_lazy("Countries"), "eligible_countries", "countries", gettext_lazy("Eligible countries: names in English, French or Spanish (Kenya, Côte d'Ivoire, UK) or ISO codes (KE), separated by semicolons, commas or new lines."),
           "KE; SN", width=24),
    Column(gettext_lazy("Open worldwide"), "is_global", "bool", gettext_lazy("yes when applicants from any country may apply."), "no", width=10),
    Column(gettext_lazy("Applicant types"), "applicant_types", "multichoice", gettext_lazy("Who may apply (codes or names), separated by semicolons."),
           "ngo; training_provider", width=26, choices=ApplicantType),
    Column(gettext_lazy("Languages"), "languages", "languages", gettext_lazy("Languages applications are accepted in: ISO 639-1 codes (fr) or names (French), separated by semicolons."),
           "en; fr", width=16),
    Column(gettext_lazy("Minimum amount"), "amount_min", "amount", gettext_lazy("Smallest award, in the call's currency: 10000, 10,000, 10.000, 10k, EUR 10,000 or \"at least 10,000\"."), 10000, width=14),
    Column(gettext_lazy("Maximum amount"), "amount_max", "amount", gettext_lazy("Largest award, in the call's currency: 50000, 50k, 1.5 M, \"up to USD 50,000\", or a range such as 10,000–50,000 (which also fills the minimum)."), 50000, width=14),
    Column(gettext_lazy("Currency"), "currency", "currency", gettext_lazy("ISO 4217 code of the amounts (empty means USD)."), "EUR", width=10),
    Column(gettext_lazy("Amount in USD"), "amount_usd", "amount", gettext_lazy("The maximum award converted to US dollars, for filtering and sorting."), 54000, width=14),
    Column(gettext_lazy("Number of awards"), "awards_count", "int", gettext_lazy("How many grants or prizes will be given (a whole number)."), 10, width=10),
    Column(gettext_lazy("Co-financing required"), "cofinancing_required", "bool", gettext_lazy("yes when applicants must bring part of the budget."), "yes", width=12),
    Column(gettext_lazy("Co-financing rate (%)"), "cofinancing_rate", "percent", gettext_lazy("The share applicants must bring: 20 or 20 % (a percent cell works too). Only with co-financing required."), 20, width=12),
    Column(gettext_lazy("Opens on"), "opens_on", "date", gettext_lazy("The date applications open: a date cell, 2026-03-01, 01/03/2026 or 1 March 2026. Empty when already open."), "2026-03-01", width=12),
    Column(gettext_lazy("Deadline"), "deadline", "deadline", gettext_lazy("A date cell or a date as 2026-06-30, 30/06/2026 or 30 June 2026, optionally with a time (17:00) in the deadline time zone; a date alone means 23:59 that day. Rolling, ongoing, continu or abierta for rolling calls."),
           "2026-06-30 17:00", width=18),
    Column(gettext_lazy("Deadline time zone"), "deadline_timezone", "timezone", gettext_lazy("The deadline's time zone, as in the IANA list (Europe/Zurich for Geneva, Africa/Nairobi, UTC). Empty means UTC."),
           "Europe/Zurich", width=18),
    Column(gettext_lazy("Rolling"), "is_rolling", "bool", gettext_lazy("yes when applications are accepted at any time (no fixed deadline)."), "no", width=10),
    Column(gettext_lazy("Apply URL"), "apply_url", "url", gettext_lazy("The application link (https://...)."), "https://example.org/ysic/apply", width=36, max_length=500),
    Column(gettext_lazy("Source URL"), "source_url", "url", gettext_lazy("The official page of the call (https://...). Used to find the call again on re-import."),
           "https://example.org/ysic", width=36, max_length=500),
    Column(gettext_lazy("Contact"), "contact", "text", gettext_lazy("An email address or a name to ask questions."), "ysic@example.org", width=24, max_length=200),
    Column(gettext_lazy("Tags"), "tags", "tags", gettext_lazy("Keywords, separated by semicolons."), "green jobs; youth", width=24, max_length=300),
    Column(gettext_lazy("Status"), "status", "choice", gettext_lazy("Editorial state (draft, pending, published, archived). Empty keeps it (draft for new calls). Rejecting is done in the admin, with a reason."),
           EditorialStatus.DRAFT.value, width=12, choices=EditorialStatus),
    Column(gettext_lazy("Last verified"), "last_verified_at", "datetime", gettext_lazy("When the information was last checked against the source (YYYY-MM-DD or YYYY-MM-DD HH:MM, UTC)."),
           "2026-01-15", width=20),
    Column(gettext_lazy("Portal ID"), "slug", "slug", gettext_lazy("Filled in by the export: the call's address on the portal. Keep it to update the call; leave it empty for new calls."),
           "", width=30),
    Column(gettext_lazy("Link"), "link", "link", gettext_lazy("Filled in by the export: the call's page on the portal. Not read on import."),
           "", width=40),
)
