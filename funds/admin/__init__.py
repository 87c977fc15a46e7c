"""Staff curation of the funding-calls map, one module per admin.

Every write goes through funds.services.curation, so the change history, region index,
search vectors, audit trail and emails stay right whether a call is edited here,
imported from a spreadsheet or suggested by a member. Usable by the "ILO staff" group
(members.roles), not only by superusers.
"""


from . import call_imports, calls, funders, reports  # noqa: F401 - each registers its admin
