"""The shared vocabulary every app filters by: skills categories, technical expertise,
languages and time zones (the ILO regions are in taxonomy.regions).

The tables kept the names they had when these models lived in `members` (db_table below):
the move was made in migration state only (taxonomy 0001, members 0007).
"""

from __future__ import annotations

import zoneinfo

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

TIME_ZONE_CHOICES = [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz or tz == "UTC"]


class TranslatedNameMixin(models.Model):
    """Name and description kept in the three UI languages; `name` picks the active one."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def _localized(self, field: str) -> str:
        lang = (get_language() or "en")[:2]
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_en")

    @property
    def name(self) -> str:
        return self._localized("name")

    @property
    def description(self) -> str:
        return self._localized("description")


class SkillCategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class SkillCategory(TranslatedNameMixin):
    """One of the network's skills categories (the nine of the Core Group's list)."""

    slug = models.SlugField(unique=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SkillCategoryQuerySet.as_manager()

    class Meta:
        db_table = "members_skillcategory"
        ordering = ["ordering", "name_en"]
        verbose_name = _("skills category")
        verbose_name_plural = _("skills categories")


class Expertise(TranslatedNameMixin):
    """An item of technical expertise, from a staff-curated list members pick from."""

    slug = models.SlugField(unique=True)

    class Meta:
        db_table = "members_expertise"
        ordering = ["name_en"]
        verbose_name = _("technical expertise")
        verbose_name_plural = _("technical expertise")


class Language(models.Model):
    """A language people speak or applications are accepted in (ISO 639-1 code)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60)
    name_fr = models.CharField(_("name (French)"), max_length=60, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=60, blank=True)

    class Meta:
        db_table = "members_language"
        ordering = ["name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "en")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_en
