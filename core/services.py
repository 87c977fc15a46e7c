"""Service helpers every app may use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models


def model_update(
    *, instance: models.Model, fields: Iterable[str], data: Mapping[str, Any]
) -> tuple[models.Model, list[str]]:
    """Set those of `fields` present in `data` on `instance` and save only what changed.

    Returns the instance and the names of the fields whose value changed, in `fields`
    order (many-to-many fields included, compared as sets of primary keys). Nothing
    changed → no query is written. The row is validated (`full_clean`) before it is
    saved; a ValidationError leaves the database untouched. The caller owns the
    transaction and the audit record (the changed fields tell it what to log).
    """
    model_fields = {field.name: field for field in instance._meta.get_fields()}
    changed: list[str] = []
    m2m: dict[str, Any] = {}
    for name in fields:
        if name not in data:
            continue
        field = model_fields.get(name)
        if field is None:
            raise ValueError(f"{type(instance).__name__} has no field {name!r}")
        if field.many_to_many:
            m2m[name] = data[name]
            continue
        if getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    if changed:
        instance.full_clean()
        instance.save(update_fields=changed)
    for name, values in m2m.items():
        manager = getattr(instance, name)
        new = {value.pk if isinstance(value, models.Model) else value for value in values}
        if set(manager.values_list("pk", flat=True)) != new:
            manager.set(new)
            changed.append(name)
    order = list(fields)
    changed.sort(key=order.index)
    return instance, changed
