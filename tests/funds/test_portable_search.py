"""The search box's syntax ("a phrase", -word, or) on SQLite, the database `make run` uses
on a bare machine, gives what PostgreSQL's full-text search gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from funds.models import FundingCall
from funds.search import update_search_vectors
from funds.search.portable import Term, parse_search, search_portable
from funds.search.words import search_postgres
from tests.factories.funds import FundingCallFactory

BASE_DIR = Path(__file__).resolve().parents[2]

CALLS = [
    {"title": "Apprenticeship innovation fund", "summary": "Money for training providers.", "description": "None."},
    {"title": "Green skills grants", "summary": "For training providers.",
     "description": "Projects may include an apprenticeship component."},
    {"title": "Digital literacy prize", "summary": "Providers of training for young women.", "description": "Coding."},
    {"title": "Unrelated", "summary": "Nothing to see.", "description": "Nothing."},
]
# Query -> the titles found: the behaviour the search box's help text promises.
EXPECTED = {
    '"training providers"': ["Apprenticeship innovation fund", "Green skills grants"],
    '"providers training"': [],
    "training providers": ["Apprenticeship innovation fund", "Digital literacy prize", "Green skills grants"],
    '"training providers" -apprenticeship': [],
    "training -apprenticeship": ["Digital literacy prize"],
    'providers -"green skills"': ["Apprenticeship innovation fund", "Digital literacy prize"],
    "green or digital": ["Digital literacy prize", "Green skills grants"],
    "-nothing": ["Apprenticeship innovation fund", "Digital literacy prize", "Green skills grants"],
}


def test_the_query_is_parsed_as_postgresql_websearch_reads_it():
    assert parse_search('"Training  providers" -green -"e-learning" apprentice-ship or loans') == [
        [Term("Training providers"), Term("green", excluded=True), Term("e learning", excluded=True),
         Term("apprentice"), Term("ship")],
        [Term("loans")],
    ]
    assert parse_search('"unbalanced quote') == [[Term("unbalanced quote")]]
    assert parse_search("or or !!! -") == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", sorted(EXPECTED))
def test_the_portable_search_finds_what_the_help_text_promises(q):
    for call in CALLS:
        FundingCallFactory(**call)

    found = sorted(search_portable(FundingCall.objects.all(), q).values_list("title", flat=True))

    assert found == EXPECTED[q]


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("q", sorted(EXPECTED))
def test_postgresql_full_text_search_agrees(q):
    for call in CALLS:
        FundingCallFactory(**call)
    update_search_vectors()

    found = sorted(search_postgres(FundingCall.objects.all(), q, ranked=False).values_list("title", flat=True))

    assert found == EXPECTED[q]


_ON_SQLITE = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from funds.selectors import call_search
from tests.factories.funds import FundingCallFactory
for call in json.loads(sys.argv[1]):
    FundingCallFactory(**call)
found = {}
for q in json.loads(sys.argv[2]):
    search = call_search(data={"q": q})
    found[q] = sorted(c.title for c in search.queryset)
print(json.dumps({"vendor": connection.vendor, "found": found}))
"""


@pytest.mark.timeout(180)
def test_the_catalogue_search_on_sqlite_honours_phrases_exclusions_and_or(tmp_path):
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "CELERY_", "PORTAL_"))
    }
    env.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "network_portal.settings",
                "CELERY_TASK_ALWAYS_EAGER": "true"})

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", _ON_SQLITE, json.dumps(CALLS), json.dumps(sorted(EXPECTED))],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=170,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["vendor"] == "sqlite"
    assert answer["found"] == EXPECTED
