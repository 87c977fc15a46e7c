"""A Celery broker that needs no server: kombu's filesystem transport, made safe to share.

Without REDIS_URL the portal queues its tasks as files under `var/celery/` (settings:
CELERY_BROKER_TRANSPORT), so `make run` runs the same worker and beat schedule as
production with nothing to install. Two things are added to kombu's transport
(https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.filesystem.html):

- the folders are created on first use (kombu expects them to exist);
- a message is written under a temporary name and renamed into the queue, so a worker
  polling the folder never picks up a file that is still being written.

One host only (the folder is local); production uses Redis.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for folder in (self.data_folder_in, self.data_folder_out, self.control_folder):
            Path(folder).mkdir(parents=True, exist_ok=True)

    def _put(self, queue, payload, **kwargs):
        """Write the message beside the queue, then rename it in: readers only ever see
        whole messages (kombu's own `_put` writes in place)."""
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f"~{uuid.uuid4().hex}.partial")
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
