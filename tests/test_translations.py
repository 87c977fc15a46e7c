"""The French and Spanish catalogues cover every string the portal marks for translation."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def _msgattrib(*args: str) -> str:
    if not shutil.which("msgattrib"):
        if IN_CI:
            pytest.fail("CI=true and GNU gettext (msgattrib) is missing")
        pytest.skip("GNU gettext (msgattrib) is not installed")
    return subprocess.run(  # noqa: S603 - fixed arguments, gettext found on PATH above
        [shutil.which("msgattrib"), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_portal_string_is_translated_and_none_is_fuzzy(language):
    po = str(LOCALE / language / "LC_MESSAGES" / "django.po")

    untranslated = _msgattrib("--untranslated", "--no-wrap", po)
    fuzzy = _msgattrib("--only-fuzzy", "--no-wrap", po)

    # The header entry (msgid "") is the only one allowed to show up.
    assert untranslated.count("\nmsgid ") <= 1, untranslated[:2000]
    assert fuzzy.count("\nmsgid ") == 0, fuzzy[:2000]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_pages_render_in_the_chosen_language(client, language):
    expected = {"fr": "Appels à financement", "es": "Convocatorias de financiación"}[language]

    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert expected in response.content.decode()
