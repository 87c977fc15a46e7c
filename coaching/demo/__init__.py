"""Demo coaching for `manage.py seed_demo`: past sessions with recordings and attendance,
upcoming ones, one full with a waiting list, a briefing linked to a demo call, and
registrations for member@example.org. Idempotent (nothing when coaching sessions
exist); dates relative to today."""

from .generator import seed

__all__ = ["seed"]
