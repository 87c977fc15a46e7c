"""What of an outbox message may be shown in the admin: the one place secrets are removed.

Messages carry secrets that give away an account or act for a person: password-reset and
email-confirmation links, sign-in and reset codes, one-click unsubscribe links. The
admin shows a message only through this module, with two rules:

1. **Account-security messages are never shown.** Every message rendered from allauth's
   templates (`account/email/…`, `mfa/email/…`, `socialaccount/email/…`: reset links and
   codes, confirmation links and codes, sign-in codes, the "account already exists" and
   "unknown account" notes, and the security notices with the IP address and browser of
   whoever made a change) is shown by its subject, recipient and state only.
   `is_account_secret()` says which.
2. **Everything else is redacted.** `redact()` replaces, in any text (plain, HTML source,
   a header value): the rest of a path after a secret route (`/confirm-email/`,
   `/password/reset/key/`, `/unsubscribe/`, `/token/`, …); the value of a secret query
   parameter (`?token=`, `key=`, `code=`, `sig=`, …); every token-looking word of 20 or
   more characters (a long hex digest, a long alphanumeric run, or base64 with upper-
   and lower-case letters and digits, as Django's signed values are); and a line that
   holds nothing but a code such as "K7QX-2MPA" or "123-456-789".

Redaction is deliberately greedy: a superuser reading a redacted newsletter loses a slug
now and then; nobody ever reads a live key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

REDACTED = "[redacted]"

# Template prefixes of messages whose content is never shown (rule 1).
SECRET_TEMPLATE_PREFIXES = ("account/email/", "mfa/email/", "socialaccount/email/")

# A path segment after one of these route names is a secret, as is everything after it.
_SECRET_ROUTE = re.compile(
    r"(?P<route>/(?:confirm-email|confirm_email|key|unsubscribe|token|tokens|verify|"
    r"activate|magic|magic-link|reset|invite|invitation)/)"
    r"(?P<secret>[^\s/?#\"'<>]+(?:/[^\s/?#\"'<>]+)*)",
    re.IGNORECASE,
)
# The value of a query parameter with one of these names is a secret.
_SECRET_PARAM = re.compile(
    r"(?P<name>(?:[?&;]|&amp;)(?:token|access_token|key|code|sig|signature|secret|otp|"
    r"uid|uidb36|uidb64|hash|auth|ticket|nonce)=)(?P<secret>[^&\s\"'<>#]+)",
    re.IGNORECASE,
)
# Candidate words for the token test below (letters, digits and the characters
# base64url, Django's signing and URL-encoding use; not "/" or "@").
_WORD = re.compile(r"[A-Za-z0-9_\-:.~%=+]{20,}")
_HEX_RUN = re.compile(r"[0-9a-fA-F]{20,}")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]{24,}")
# A line holding nothing but a short code: "ABCD-EFGH", "123-456-789", "K7QX2M".
_CODE_LINE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<code>[A-Z0-9]{2,8}(?:-[A-Z0-9]{2,8}){0,3})[ \t]*$", re.MULTILINE
)


def is_account_secret(template: str) -> bool:
    """True for messages rendered from an account-security template (rule 1)."""
    return (template or "").startswith(SECRET_TEMPLATE_PREFIXES)


def _looks_like_token(word: str) -> bool:
    if not (any(c.isdigit() for c in word) and any(c.isalpha() for c in word)):
        return False
    if _HEX_RUN.search(word) or _ALNUM_RUN.search(word):
        return True
    # Base64 (a signed value "payload:timestamp:signature" is one word): upper, lower
    # and digits together.
    return any(c.isupper() for c in word) and any(c.islower() for c in word)


def _redact_word(match: re.Match) -> str:
    return REDACTED if _looks_like_token(match.group(0)) else match.group(0)


def _redact_code_line(match: re.Match) -> str:
    code = match.group("code")
    if len(code.replace("-", "")) >= 6 and ("-" in code or any(c.isdigit() for c in code)):
        return match.group("indent") + REDACTED
    return match.group(0)


def redact(text: str) -> str:
    """`text` with every secret-looking part replaced by "[redacted]" (rule 2)."""
    if not text:
        return ""
    text = _SECRET_ROUTE.sub(lambda m: m.group("route") + REDACTED, text)
    text = _SECRET_PARAM.sub(lambda m: m.group("name") + REDACTED, text)
    text = _WORD.sub(_redact_word, text)
    return _CODE_LINE.sub(_redact_code_line, text)


def redact_headers(headers: Mapping[str, object] | None) -> dict[str, str]:
    """Header values redacted like bodies (List-Unsubscribe carries a one-click link)."""
    return {str(name): redact(str(value)) for name, value in (headers or {}).items()}
