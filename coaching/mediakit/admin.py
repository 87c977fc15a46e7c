from django.contrib import admin

from .models import Resource, Version


class VersionInline(admin.StackedInline):
    model = Version
    extra = 3


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "position", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("title",)
    inlines = (VersionInline,)
