"""Copying a form's cleaned values onto a profile or an organization: the fields people
may change, images replaced safely, many-to-many sets compared before they are written."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile


def _is_new_upload(value) -> bool:
    return isinstance(value, File) and not isinstance(value, FieldFile)


def _apply_image(instance, field: str, value) -> bool:
    """Set, clear or keep an image field from a form's cleaned value. The replaced file is
    removed from storage once the transaction commits. Returns whether it changed."""
    current = getattr(instance, field)
    old_name = current.name if current else ""
    if value is False and old_name:
        setattr(instance, field, "")
    elif _is_new_upload(value):
        setattr(instance, field, value)
    else:
        return False
    if old_name:
        transaction.on_commit(partial(current.storage.delete, old_name))
    return True


def _apply(
    instance, data: dict, *, scalar: frozenset[str], m2m: frozenset[str], images: Iterable[str]
):
    """Copy allowed values onto the instance; return (changed scalar names, m2m values)."""
    unknown = set(data) - scalar - m2m
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    changed: list[str] = []
    for name in sorted(set(data) & scalar):
        value = data[name]
        if name in images:
            if _apply_image(instance, name, value):
                changed.append(name)
            continue
        if value is None and name not in {"organization"}:
            value = ""
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed, {name: data[name] for name in set(data) & m2m}


def _set_m2m(instance, values: dict) -> list[str]:
    changed = []
    for name, objs in sorted(values.items()):
        manager = getattr(instance, name)
        wanted = {obj.pk for obj in objs or ()}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(list(wanted))
            changed.append(name)
    return changed
