"""Reads for the peer-exchange pages, joins decided once (constant query counts)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from core.mail import user_time_zone
from events import selectors as event_selectors
from events.models import Session
from taxonomy.models import SkillCategory

from .filters import OutputFilter
from .models import GuidePage, Output, PeerSession, Topic, Vote
from .permissions import is_member

APP = "peer_exchange"


def viewer_time_zone(user):
    return user_time_zone(user) if user.is_authenticated else None


def _sessions(user) -> QuerySet[Session]:
    return (
        Session.objects.of_app(APP)
        .visible_to(user)
        .select_related("language", "peer__backup_host__profile", "peer__series")
        .prefetch_related("hosts__profile", Prefetch("peer__topics", queryset=Topic.objects.all()))
        .with_counts()
    )


def topics_for_voting(*, user, limit: int | None = None) -> list[Topic]:
    """Open topics by votes then freshness, each with `voted` for the viewer."""
    rows = (
        Topic.objects.open()
        .by_votes_and_freshness()
        .select_related("language", "proposer__profile")
    )
    rows = rows.prefetch_related(Prefetch("categories", queryset=SkillCategory.objects.all()))
    if user.is_authenticated:
        rows = rows.annotate(voted=Exists(Vote.objects.filter(topic=OuterRef("pk"), user=user)))
    return list(rows[:limit] if limit else rows)


def votes_left(*, user) -> int | None:
    from .services.topics import VOTE_BUDGET

    if not is_member(user):
        return None
    return VOTE_BUDGET - Vote.objects.filter(user=user, topic__status="open").count()


def index_page(*, user) -> dict:
    upcoming = list(_sessions(user).upcoming().order_by("starts_at")[:6])
    next_session = next((s for s in upcoming if s.status == "published"), None)
    return {
        "next_session": next_session,
        "next_state": event_selectors.viewer_state(session=next_session, user=user)
        if next_session
        else None,
        "upcoming": upcoming,
        "topics": topics_for_voting(user=user, limit=10),
        "votes_left": votes_left(user=user),
        "outputs": list(_outputs(user)[:5]),
        "viewer_tz": viewer_time_zone(user),
    }


def topic_get(*, pk: int) -> Topic | None:
    return (
        Topic.objects.with_votes()
        .select_related("language", "proposer", "session__session", "merged_into")
        .prefetch_related("categories")
        .filter(pk=pk)
        .first()
    )


def session_get(*, user, pk: int) -> Session | None:
    return _sessions(user).prefetch_related("materials").filter(pk=pk).first()


def session_page(*, session: Session, user) -> dict:
    peer = session.peer
    output = Output.objects.filter(session=peer).select_related("language").first()
    is_host = user.is_authenticated and any(h.pk == user.pk for h in session.hosts.all())
    return {
        **event_selectors.viewer_state(session=session, user=user),
        "peer": peer,
        "topics": list(peer.topics.all()),
        "output": output,
        "is_host": is_host,
        "may_write": is_host or (user.is_authenticated and peer.backup_host_id == user.pk),
        "viewer_tz": viewer_time_zone(user),
    }


def _outputs(user) -> QuerySet[Output]:
    return (
        Output.objects.visible_to(user)
        .select_related("language", "session__session", "session__series")
        .prefetch_related(Prefetch("categories", queryset=SkillCategory.objects.all()))
    )


def library_filterset(*, user, filters) -> OutputFilter:
    return OutputFilter(filters or None, queryset=_outputs(user))


def filtered(filterset) -> QuerySet:
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def output_get(*, user, pk: int) -> Output | None:
    return _outputs(user).prefetch_related("files").filter(pk=pk).first()


def guide_page(*, page: str) -> GuidePage | None:
    """The page in the current language, else in English."""
    rows = {row.language: row for row in GuidePage.objects.filter(page=page)}
    return rows.get((get_language() or "en")[:2]) or rows.get("en")


def emerging_topics(*, months: int = 6) -> dict:
    """What the network is talking about: categories and keywords of the summaries
    published over the last months, most frequent first."""
    since = timezone.now() - timedelta(days=30 * months)
    recent = Output.objects.published().filter(published_at__gte=since)
    categories = list(
        SkillCategory.objects.filter(pk__in=recent.values("categories"))
        .annotate(count=Count("pk"))
        .order_by("name_en")
    )
    counts: dict[int, int] = {}
    for category_id in recent.values_list("categories", flat=True):
        if category_id:
            counts[category_id] = counts.get(category_id, 0) + 1
    for category in categories:
        category.count = counts.get(category.pk, 0)
    keywords: dict[str, int] = {}
    for text in recent.values_list("keywords", flat=True):
        for word in {w.strip().lower() for w in text.split(",") if w.strip()}:
            keywords[word] = keywords.get(word, 0) + 1
    return {
        "categories": sorted(categories, key=lambda c: -c.count),
        "keywords": sorted(keywords.items(), key=lambda item: (-item[1], item[0]))[:20],
        "months": months,
    }


def open_peer_sessions(*, user) -> QuerySet[PeerSession]:
    """Upcoming, published occurrences a topic can be scheduled into."""
    return PeerSession.objects.select_related("session").filter(
        session__status="published", session__starts_at__gt=timezone.now()
    )
