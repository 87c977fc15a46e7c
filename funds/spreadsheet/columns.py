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

    header: the exact header written on export (imports also accept any spelling that
        differs only in case, spaces and punctuation, and the field name).
    key: the FundingCall field it fills, or funder_type / funder_country.
    kind: how cells are written and read (see funds.spreadsheet.cells for parsing).
    """

    header: str
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
    Column("Title", "title", "text", gettext_lazy("The call's name, as the funder writes it."),
           "Youth Skills Innovation Challenge 2026", required=True, width=45, max_length=300),
    Column("Reference", "reference", "text", gettext_lazy("The funder's reference number, if any. Used to find the call again when the source URL changed."),
           "YSIC-2026", width=16, max_length=120),
    Column("Funder", "funder", "funder", gettext_lazy("The main funder's name. A funder not yet in the portal is created (with the two next columns)."),
           "ILO Skills Innovation Facility", required=True, width=32, aliases=("funder name",)),
    Column("Funder type", "funder_type", "choice", gettext_lazy("Only used when the funder is new (edit existing funders in the admin)."),
           FunderType.ILO.value, width=16, choices=FunderType),
    Column("Funder country", "funder_country", "country", gettext_lazy("Only used when the funder is new. ISO code or name; empty for international funders."),
           "", width=14),
    Column("Co-funders", "co_funders", "funders", gettext_lazy("Other funders' names, separated by semicolons. New ones are created."),
           "", width=30),
    Column("Summary", "summary", "text", gettext_lazy("Two or three sentences shown in lists (at most 1000 characters)."),
           "Grants for organizations that train young people for green jobs.", required=True, width=60, max_length=1000, multiline=True),
    Column("Description", "description", "text", gettext_lazy("The full description, in Markdown (at most 20,000 characters)."),
           "## Who can apply\n\nTraining providers and NGOs.", width=60, max_length=DESCRIPTION_MAX_LENGTH, multiline=True),
    Column("Instrument", "instrument", "choice", gettext_lazy("The kind of funding (code or name)."),
           Instrument.CHALLENGE.value, required=True, width=20, choices=Instrument),
    Column("Categories", "categories", "categories", gettext_lazy("Skills categories: slugs or names in English, French or Spanish, separated by semicolons."),
           "work-based-learning; entrepreneurship", width=32),
    Column("Regions", "eligible_regions", "multichoice", gettext_lazy("Eligible ILO regions (codes or names), separated by semicolons."),
           "africa; arab-states", width=24, choices=Region),
    Column("Countries", "eligible_countries", "countries", gettext_lazy("Eligible countries: ISO 3166 codes (KE) or names (Kenya), separated by semicolons."),
           "KE; SN", width=24),
    Column("Open worldwide", "is_global", "bool", gettext_lazy("yes when applicants from any country may apply."), "no", width=10),
    Column("Applicant types", "applicant_types", "multichoice", gettext_lazy("Who may apply (codes or names), separated by semicolons."),
           "ngo; training_provider", width=26, choices=ApplicantType),
    Column("Languages", "languages", "languages", gettext_lazy("Languages applications are accepted in: ISO 639-1 codes (fr) or names (French), separated by semicolons."),
           "en; fr", width=16),
    Column("Minimum amount", "amount_min", "decimal", gettext_lazy("Smallest award, in the call's currency (a number)."), 10000, width=14),
    Column("Maximum amount", "amount_max", "decimal", gettext_lazy("Largest award, in the call's currency (a number, not less than the minimum)."), 50000, width=14),
    Column("Currency", "currency", "currency", gettext_lazy("ISO 4217 code of the amounts (empty means USD)."), "EUR", width=10),
    Column("Amount in USD", "amount_usd", "decimal", gettext_lazy("The maximum award converted to US dollars, for filtering and sorting."), 54000, width=14),
    Column("Number of awards", "awards_count", "int", gettext_lazy("How many grants or prizes will be given (a whole number)."), 10, width=10),
    Column("Co-financing required", "cofinancing_required", "bool", gettext_lazy("yes when applicants must bring part of the budget."), "yes", width=12),
    Column("Co-financing rate (%)", "cofinancing_rate", "decimal", gettext_lazy("The share applicants must bring, 0 to 100. Only with co-financing required."), 20, width=12),
    Column("Opens on", "opens_on", "date", gettext_lazy("The date applications open (YYYY-MM-DD). Empty when already open."), "2026-03-01", width=12),
    Column("Deadline", "deadline", "deadline", gettext_lazy("YYYY-MM-DD HH:MM in the deadline time zone; a date alone means 23:59 that day. Empty for rolling calls."),
           "2026-06-30 17:00", width=18),
    Column("Deadline time zone", "deadline_timezone", "timezone", gettext_lazy("The deadline's time zone, as in the IANA list (Europe/Zurich for Geneva, Africa/Nairobi, UTC). Empty means UTC."),
           "Europe/Zurich", width=18),
    Column("Rolling", "is_rolling", "bool", gettext_lazy("yes when applications are accepted at any time (no fixed deadline)."), "no", width=10),
    Column("Apply URL", "apply_url", "url", gettext_lazy("The application link (https://...)."), "https://example.org/ysic/apply", width=36, max_length=500),
    Column("Source URL", "source_url", "url", gettext_lazy("The official page of the call (https://...). Used to find the call again on re-import."),
           "https://example.org/ysic", width=36, max_length=500),
    Column("Contact", "contact", "text", gettext_lazy("An email address or a name to ask questions."), "ysic@example.org", width=24, max_length=200),
    Column("Tags", "tags", "tags", gettext_lazy("Keywords, separated by semicolons."), "green jobs; youth", width=24, max_length=300),
    Column("Status", "status", "choice", gettext_lazy("Editorial state (draft, pending, published, archived). Empty keeps it (draft for new calls). Rejecting is done in the admin, with a reason."),
           EditorialStatus.DRAFT.value, width=12, choices=EditorialStatus),
    Column("Last verified", "last_verified_at", "datetime", gettext_lazy("When the information was last checked against the source (YYYY-MM-DD or YYYY-MM-DD HH:MM, UTC)."),
           "2026-01-15", width=20),
    Column("Portal ID", "slug", "slug", gettext_lazy("Filled in by the export: the call's address on the portal. Keep it to update the call; leave it empty for new calls."),
           "", width=30),
)
