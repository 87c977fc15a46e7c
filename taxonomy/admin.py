"""Staff curation of the taxonomy: skills categories, technical expertise, languages."""

from django.contrib import admin

from .models import Expertise, Language, SkillCategory


@admin.register(SkillCategory)
class SkillCategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_fr", "name_es", "slug", "ordering", "is_active")
    list_editable = ("ordering", "is_active")
    search_fields = ("name_en", "name_fr", "name_es", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    list_filter = ("is_active",)


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_fr", "name_es", "slug")
    search_fields = ("name_en", "name_fr", "name_es", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_fr", "name_es")
    search_fields = ("code", "name_en", "name_fr", "name_es")
