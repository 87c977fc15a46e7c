"""The public hook of volunteer translations: `translation_delivered` is sent once per
delivered translation, inside the delivering transaction, with `volunteer_user`,
`count` (how many translations that volunteer has delivered) and
`evidence_key` ("coaching.translation:<request pk>"). Recognition counts it."""

from django.dispatch import Signal

translation_delivered = Signal()
