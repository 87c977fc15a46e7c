"""The ILO's five regions and the region of every country (ISO 3166-1 alpha-2).

Regions follow the ILO's regional offices: North Africa belongs to Africa, the Gulf and
Levant to the Arab States, Central Asia to Europe and Central Asia. Territories follow the
region they lie in. A test checks that every country django-countries knows has a region.
"""

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ARAB_STATES = "arab-states", _("Arab States")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = "europe-central-asia", _("Europe and Central Asia")


_MEMBERS = {
    Region.AFRICA: """
        AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY
        MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA
        ZM ZW
    """,
    Region.AMERICAS: """
        AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY
        HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT UM US UY VC VE VG VI
    """,
    Region.ARAB_STATES: "AE BH IQ JO KW LB OM PS QA SA SY YE",
    Region.ASIA_PACIFIC: """
        AF AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN IO IR JP KH KI KP KR LA LK MH MM
        MN MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TK TL TO TV TW VN VU WF
        WS
    """,
    Region.EUROPE_CENTRAL_ASIA: """
        AD AL AM AQ AT AX AZ BA BE BG BV BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GL GR
        HR HU IE IL IM IS IT JE KG KZ LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI
        SJ SK SM TF TJ TM TR UA UZ VA XK
    """,
}

COUNTRY_REGION: dict[str, str] = {
    code: region.value for region, codes in _MEMBERS.items() for code in codes.split()
}


def region_for_country(code: str | None) -> str:
    """The region slug of an ISO 3166-1 alpha-2 code, or "" when unknown or empty."""
    return COUNTRY_REGION.get((code or "").upper(), "")


@cache
def countries_in_region(region: str) -> tuple[str, ...]:
    return tuple(sorted(code for code, r in COUNTRY_REGION.items() if r == region))
