"""The action codes the audit trail accepts: `<app>.<entity>.<verb>`, each with a label.

Each app registers its codes from its AppConfig.ready() (`register_actions("funds",
{...})`); `log_action` refuses a code nobody registered, so a typo fails in the tests
instead of writing a row no filter will ever find.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_actions: dict[str, object] = {}


def register_actions(namespace: str, actions: dict[str, object]) -> None:
    """Add `actions` ({code: label}); every code must be `<namespace>.<entity>.<verb>`."""
    for code, label in actions.items():
        if not _CODE.match(code) or not code.startswith(f"{namespace}."):
            raise ValueError(f"Not an action code of {namespace!r}: {code!r} (expected {namespace}.<entity>.<verb>)")
        _actions[code] = label


def check_action(code: str) -> str:
    """`code` when it is registered; ValueError otherwise."""
    if code not in _actions:
        raise ValueError(f"Unknown audit action {code!r}: register it with core.audit.registry.register_actions")
    return code


def action_label(code: str):
    """The registered label of `code` (the code itself for an unknown one)."""
    return _actions.get(code, code)


def registered_actions() -> dict[str, object]:
    return dict(_actions)
