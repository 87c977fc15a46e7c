"""The broker without Redis (core/broker.py): messages queued as files, folders made on
first use, and a reader never sees a message that is still being written."""

from __future__ import annotations

import os
import uuid

from kombu import Connection

from core.broker import Transport


def _queue_name() -> str:
    # A name per test: kombu remembers the queues it declared per transport class.
    return f"portal-test-{uuid.uuid4().hex[:8]}"


def _connection(root) -> Connection:
    queue = str(root / "queue")
    return Connection(
        "filesystem://localhost/",
        transport=Transport,
        transport_options={"data_folder_in": queue, "data_folder_out": queue, "control_folder": str(root / "control")},
    )


def test_a_message_put_in_a_fresh_folder_is_read_back_once(tmp_path):
    with _connection(tmp_path / "celery") as connection:
        name = _queue_name()
        queue = connection.SimpleQueue(name)
        queue.put({"email": 42})
        assert [f.endswith(f".{name}.msg") for f in os.listdir(tmp_path / "celery" / "queue")] == [True]

        message = queue.get(timeout=2)
        message.ack()
        assert message.payload == {"email": 42}
        assert queue.qsize() == 0
        queue.close()


def test_a_message_is_renamed_into_the_queue_only_once_written(tmp_path, monkeypatch):
    seen_while_writing = []
    real_replace = os.replace

    def replace(src, dst):
        seen_while_writing.append(sorted(os.listdir(os.path.dirname(dst))))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with _connection(tmp_path / "celery") as connection:
        queue = connection.SimpleQueue(_queue_name())
        queue.put({"email": 1})
        queue.close()

    # Before the rename, the only file is the partial one, which no queue reads.
    [names] = seen_while_writing
    assert len(names) == 1 and names[0].startswith("~") and names[0].endswith(".partial")
