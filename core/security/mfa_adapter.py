"""allauth MFA adapter: second-factor secrets encrypted at rest; staff keep their factor.

- TOTP secrets and recovery-code seeds are stored encrypted (Fernet, a key derived from
  `SECRET_KEY`), so a copy of the database alone does not let anyone compute a staff
  member's codes. Secrets encrypted under an older key still decrypt while that key is in
  `SECRET_KEY_FALLBACKS`; rotating the key without the fallback makes every
  authenticator unusable (its owner then needs a superuser to remove it).
- Staff and superusers cannot deactivate their last authenticator: the portal requires
  one for them (core/security/staff_mfa.py).
"""

from __future__ import annotations

import base64

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

PREFIX = "fernet:"
# The module's old path, kept: a new salt would make every stored secret unreadable.
_KEY_SALT = "network_portal.mfa_adapter.secret"


def _fernet(secret_key: str):
    from cryptography.fernet import Fernet

    digest = salted_hmac(_KEY_SALT, "mfa-secrets", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def encrypt_secret(text: str) -> str:
    return PREFIX + _fernet(settings.SECRET_KEY).encrypt(text.encode()).decode()


def decrypt_secret(stored: str) -> str:
    """The clear secret. Raises ImproperlyConfigured when no configured key opens it: a
    wrong secret must never be used (codes computed from it could be guessed)."""
    from cryptography.fernet import InvalidToken, MultiFernet

    if not stored.startswith(PREFIX):
        return stored  # written before encryption was turned on
    try:
        return MultiFernet([_fernet(key) for key in _keys()]).decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A second-factor secret cannot be decrypted with DJANGO_SECRET_KEY or SECRET_KEY_FALLBACKS."
        ) from None


def must_use_mfa(user) -> bool:
    """Staff and superusers must have a second factor; members may."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


# Authenticators that count as a second factor (recovery codes only back them up).
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


class PortalMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Staff accounts must keep two-factor authentication. To move it to a new phone, ask a "
            "superuser to remove your authenticator in the admin; you will set up the new one when "
            "you next sign in."
        ),
    }

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if not must_use_mfa(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTOR_TYPES)
        return others.exclude(pk=authenticator.pk).exists()
