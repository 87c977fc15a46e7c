"""The registry of organization ↔ organization link sources: the map's extension point.

The map links organizations that share enough (`shared`, built in). Other apps add links
of their own without the map importing them — coaching, for example, once it exists:

    # coaching/apps.py, in CoachingConfig.ready()
    from members.network.edges import Link, register_edge_source

    def co_attended(organization_ids):
        # one Link per pair of organizations whose people attended a session together;
        # weight = how many sessions (the "frequency of network connections")
        ...
        yield Link(source=12, target=40, weight=3)

    register_edge_source(
        "co_attended", label=_("Attended sessions together"), links=co_attended, public=True
    )

Contract of `links(organization_ids)`: it receives the ids of the approved organizations
on the map (a frozenset) and yields `Link`s between two of them (others are dropped, as
are self-links); it reads the database only, is deterministic and fast enough to run in
the metrics job (it never runs on a request). Links of a source with `public=False` are
only in the members' map. The metrics job hashes every link, so a new session changes the
graph's signature and the next run recomputes the map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Link:
    source: int
    target: int
    weight: float = 1.0


@dataclass(frozen=True)
class EdgeSource:
    kind: str
    label: str
    links: Callable[[frozenset[int]], Iterable[Link]] | None
    public: bool = True


SHARED = "shared"
_SOURCES: dict[str, EdgeSource] = {
    # Built in: computed by members.network.graph from what organizations share.
    SHARED: EdgeSource(SHARED, _("Share skills, expertise and languages"), None),
}


def register_edge_source(
    kind: str,
    *,
    label: str,
    links: Callable[[frozenset[int]], Iterable[Link]],
    public: bool = True,
) -> None:
    """Add a kind of org ↔ org link to the map (call it from an AppConfig.ready()).
    Registering the same kind again replaces it (tests, autoreload)."""
    if kind == SHARED or not kind.isidentifier():
        raise ValueError(f"Edge kind {kind!r} is reserved or not an identifier.")
    _SOURCES[kind] = EdgeSource(kind, label, links, public)


def unregister_edge_source(kind: str) -> None:
    if kind != SHARED:
        _SOURCES.pop(kind, None)


def edge_sources() -> list[EdgeSource]:
    return list(_SOURCES.values())


def edge_label(kind: str) -> str:
    source = _SOURCES.get(kind)
    return str(source.label) if source else kind
