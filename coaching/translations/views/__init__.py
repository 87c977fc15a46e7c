"""The translation pages, thin: the volunteer's setting and work, the member's requests,
the signed offer link, and the permission-checked downloads."""
