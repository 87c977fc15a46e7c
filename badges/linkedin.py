"""LinkedIn links for an award: "Add to profile" (a certification entry) and "Share".
Built here, opened by the member's browser; the portal never calls LinkedIn."""

from __future__ import annotations

from urllib.parse import urlencode

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
SHARE = "https://www.linkedin.com/sharing/share-offsite/"


def add_to_profile_url(*, name: str, organization: str, issued_at, expires_at, credential_id: str, credential_url: str) -> str:
    """LinkedIn's add-certification link: months are 1-based (January is 1)."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": name,
        "organizationName": organization,
        "issueYear": issued_at.year,
        "issueMonth": issued_at.month,
    }
    if expires_at:
        params["expirationYear"] = expires_at.year
        params["expirationMonth"] = expires_at.month
    params["certUrl"] = credential_url
    params["certId"] = credential_id
    return f"{ADD_TO_PROFILE}?{urlencode(params)}"


def share_url(url: str) -> str:
    return f"{SHARE}?{urlencode({'url': url})}"
