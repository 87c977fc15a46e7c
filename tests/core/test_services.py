import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError

from core.services import model_update

pytestmark = pytest.mark.django_db


def test_model_update_saves_only_the_fields_that_changed_and_names_them():
    group = Group.objects.create(name="Curators")

    group, changed = model_update(instance=group, fields=["name"], data={"name": "Editors"})

    assert changed == ["name"]
    assert Group.objects.get(pk=group.pk).name == "Editors"


def test_model_update_with_the_same_values_writes_nothing(django_assert_num_queries):
    group = Group.objects.create(name="Curators")

    with django_assert_num_queries(0):
        _group, changed = model_update(instance=group, fields=["name"], data={"name": "Curators"})

    assert changed == []


def test_model_update_ignores_data_outside_the_allowed_fields():
    group = Group.objects.create(name="Curators")

    _group, changed = model_update(instance=group, fields=[], data={"name": "Editors"})

    assert changed == []
    assert Group.objects.get(pk=group.pk).name == "Curators"


def test_model_update_sets_many_to_many_fields_and_reports_them_only_when_they_change():
    group = Group.objects.create(name="Curators")
    view, change = Permission.objects.order_by("pk")[:2]

    _group, changed = model_update(
        instance=group, fields=["permissions", "name"], data={"name": "Editors", "permissions": [view, change.pk]}
    )
    assert changed == ["permissions", "name"]
    assert set(group.permissions.all()) == {view, change}

    _group, changed = model_update(instance=group, fields=["permissions"], data={"permissions": [change, view]})
    assert changed == []


def test_model_update_refuses_an_invalid_row_and_leaves_the_database_untouched():
    group = Group.objects.create(name="Curators")

    with pytest.raises(ValidationError):
        model_update(instance=group, fields=["name"], data={"name": "x" * 500})

    assert Group.objects.get(pk=group.pk).name == "Curators"


def test_model_update_refuses_a_field_the_model_does_not_have():
    group = Group.objects.create(name="Curators")

    with pytest.raises(ValueError, match="no field 'colour'"):
        model_update(instance=group, fields=["colour"], data={"colour": "red"})
