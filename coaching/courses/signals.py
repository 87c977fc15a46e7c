"""The public hook of coaching's courses: other apps listen, coaching imports none of them.

`course_completed` is sent once per member and course, inside the transaction that
records the completion (a listener's writes stand or fall with it), with
`completion` (a `Completion`: course, user, completed_at, sessions_attended,
lessons_completed) and `evidence_key` ("coaching.course:<course pk>:user:<user pk>").
Recognition (badges/hooks.py) awards the course's badge and certificate from it."""

from django.dispatch import Signal

course_completed = Signal()
