from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Every new account gets an (empty) member profile, so preferences exist from day one."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .services import profile_ensure

            profile_ensure(user=user, language=getattr(request, "LANGUAGE_CODE", "en"))
        return user
