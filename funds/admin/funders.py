"""Funders: the organisations behind the calls."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import Funder
from ..services.curation import funder_save

# --- Funders ----------------------------------------------------------------------------


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "country", "calls_count"]
    list_filter = ["type"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name", "pk"]  # the annotation below drops the model's default order

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(calls_count=Count("calls"))

    @admin.display(description=_("calls"), ordering="calls_count")
    def calls_count(self, obj):
        return obj.calls_count

    def save_model(self, request, obj, form, change):
        funder_save(funder=obj, actor=request.user, changed=form.changed_data)
