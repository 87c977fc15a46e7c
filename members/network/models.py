"""What the metrics job stores: the graph each audience sees (with positions and metrics)
and one health snapshot per month. Both are written only by members.network.services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a stored graph is for. The public graph is built from public profiles only;
    the members' graph also from profiles shared with members."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members")


class NetworkGraph(models.Model):
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, unique=True)
    # A hash of everything the graph is built from: an unchanged signature means the job
    # has nothing to do (members.network.services.network_refresh).
    signature = models.CharField(max_length=64)
    # {"nodes": [...], "edges": [...]} as built by members.network.graph (see its docstring).
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("network graph")
        verbose_name_plural = _("network graphs")

    def __str__(self) -> str:
        return f"{self.get_audience_display()} ({self.computed_at:%Y-%m-%d %H:%M})"


class HealthSnapshot(models.Model):
    """The network's health in one month (the members' graph), updated by each run of the
    job during that month, so the last run of a month is what stays."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    organization_count = models.PositiveIntegerField(_("organizations"), default=0)
    link_count = models.PositiveIntegerField(_("links between organizations"), default=0)
    cross_region_link_count = models.PositiveIntegerField(_("cross-region links"), default=0)
    new_cross_region_links = models.PositiveIntegerField(_("new cross-region links"), default=0)
    multi_region_count = models.PositiveIntegerField(
        _("organizations connected to 2+ regions"), default=0
    )
    isolated_count = models.PositiveIntegerField(_("isolated organizations"), default=0)
    # [{"slug", "name", "communities", "betweenness"}], the top brokers between language
    # communities; and the cross-region pairs ("12-40"), to count next month's new ones.
    brokers = models.JSONField(default=list)
    cross_region_pairs = models.JSONField(default=list)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["month"]
        verbose_name = _("network health snapshot")
        verbose_name_plural = _("network health snapshots")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def multi_region_share(self) -> float:
        """Share (0–1) of organizations linked to organizations of 2+ regions."""
        if not self.organization_count:
            return 0.0
        return self.multi_region_count / self.organization_count
