"""Which app owns a session, and the kinds it offers.

An app that uses the engine registers itself from its AppConfig.ready():

    register_session_app("coaching", kinds={"workshop": _("Workshop"), ...},
                         detail_url="coaching:session-detail")

`Session.app` and `Session.kind` are plain columns the owning app sets; the registry
gives their labels and the page a session links to (emails, calendar files, feeds), so
the engine never imports the app that owns a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SessionApp:
    label: str
    kinds: dict[str, object] = field(default_factory=dict)
    # A URL name taking `pk`: the session's page in its app.
    detail_url: str = ""


_apps: dict[str, SessionApp] = {}


def register_session_app(label: str, *, kinds: dict[str, object], detail_url: str) -> SessionApp:
    app = SessionApp(label=label, kinds=dict(kinds), detail_url=detail_url)
    _apps[label] = app
    return app


def session_app(label: str) -> SessionApp | None:
    return _apps.get(label)


def kind_label(app: str, kind: str):
    registered = _apps.get(app)
    return registered.kinds.get(kind, kind) if registered else kind


def kind_choices(app: str) -> list[tuple[str, object]]:
    registered = _apps.get(app)
    return list(registered.kinds.items()) if registered else []
