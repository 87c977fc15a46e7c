"""Pages for alerts, notification preferences and one-click unsubscribing. Thin: reads go
through selectors, writes through services. Everything but unsubscribing needs a sign-in,
and people only ever see their own alerts (someone else's is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.redirects import safe_next as _safe_next
from taxonomy.models import SkillCategory

from . import selectors, services, tokens
from .forms import AlertForm, FollowCategoryForm, PreferencesForm
from .models import Frequency


def _own_alert(request, pk: int):
    alert = selectors.alert_get(user=request.user, pk=pk)
    if alert is None:
        raise Http404
    return alert


@login_required
@require_safe
def alert_list(request):
    return render(request, "alerts/alert_list.html", {"alerts": selectors.alert_list(user=request.user)})


def _form_from_query(request) -> AlertForm:
    """The create form bound to the /funds/ query string, named after its criteria."""
    data = AlertForm.data_from_query(request.GET, name="-")
    probe = AlertForm(data)
    probe.is_valid()
    data["name"] = probe.suggested_name()
    form = AlertForm(data)
    form.is_valid()
    return form


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_create(request):
    """Save a /funds/ selection (?category=…&region=… as on the list page) as an alert."""
    if request.method == "POST":
        form = AlertForm(request.POST)
    elif AlertForm.criteria_data(request.GET):
        form = _form_from_query(request)
    else:
        form = AlertForm(initial={"name": _("New funding calls"), "frequency": Frequency.DAILY})
    if request.method == "POST" and form.is_valid():
        try:
            alert = services.alert_create(
                user=request.user,
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
                criteria=form.criteria(),
                query_string=form.query_string(),
            )
        except services.AlertError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your alert “%(name)s” is saved.") % {"name": alert.name})
            return redirect("alerts:alert-list")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "alerts/alert_form.html", {"form": form, "creating": True}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_edit(request, pk: int):
    alert = _own_alert(request, pk)
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            try:
                services.alert_update(
                    alert=alert,
                    name=form.cleaned_data["name"],
                    frequency=form.cleaned_data["frequency"],
                    criteria=form.criteria(),
                    query_string=form.query_string(),
                )
            except services.AlertError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your alert “%(name)s” is saved.") % {"name": form.cleaned_data["name"]})
                return redirect("alerts:alert-list")
    else:
        form = AlertForm(initial=AlertForm.initial_from_alert(alert))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "alerts/alert_form.html", {"form": form, "alert": alert, "creating": False}, status=status)


@login_required
@require_safe
def alert_preview(request, pk: int):
    alert = _own_alert(request, pk)
    return render(
        request,
        "alerts/alert_preview.html",
        {
            "alert": alert,
            "preview": selectors.alert_preview(alert=alert),
            "criteria": selectors.describe_criteria(alert),
        },
    )


@login_required
@require_POST
def alert_pause(request, pk: int):
    alert = services.alert_set_paused(alert=_own_alert(request, pk), paused=True)
    messages.success(request, _("“%(name)s” is paused: it sends nothing until you resume it.") % {"name": alert.name})
    return redirect("alerts:alert-list")


@login_required
@require_POST
def alert_resume(request, pk: int):
    alert = services.alert_set_paused(alert=_own_alert(request, pk), paused=False)
    messages.success(request, _("“%(name)s” is active again.") % {"name": alert.name})
    return redirect("alerts:alert-list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_delete(request, pk: int):
    alert = _own_alert(request, pk)
    if request.method == "POST":
        services.alert_delete(alert=alert)
        messages.success(request, _("The alert “%(name)s” is deleted.") % {"name": alert.name})
        return redirect("alerts:alert-list")
    return render(request, "alerts/alert_confirm_delete.html", {"alert": alert})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def category_follow(request, slug: str):
    """"Follow this category": one click (POST) creates or reuses an alert with just that
    category. GET (e.g. after signing in) asks for confirmation."""
    category = get_object_or_404(SkillCategory.objects.active(), slug=slug)
    form = FollowCategoryForm(request.POST or None)
    if request.method == "POST":
        frequency = (form.cleaned_data.get("frequency") if form.is_valid() else "") or Frequency.DAILY
        try:
            alert, created = services.category_follow(user=request.user, category=category, frequency=frequency)
        except services.AlertError as error:  # e.g. already ALERTS_PER_USER_MAX alerts
            messages.error(request, str(error))
            return redirect("alerts:alert-list")
        if created:
            messages.success(request, _("You now follow “%(name)s”: new calls in this category will be emailed to you.")
                             % {"name": category.name})
        else:
            messages.info(request, _("You already follow “%(name)s”.") % {"name": category.name})
        return redirect(_safe_next(request, default=alert.get_absolute_url() if created else "alerts:alert-list"))
    return render(request, "alerts/category_follow.html", {"category": category, "form": form,
                                                           "next": _safe_next(request, default="")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    prefs = selectors.preferences_for(request.user)
    initial = {
        "reminders_enabled": prefs.reminders_enabled,
        "reminder_offsets": prefs.reminder_offsets,
        "change_notices_enabled": prefs.change_notices_enabled,
        "digest_hour": prefs.digest_hour,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your email preferences are saved."))
        return redirect("alerts:preferences")
    alerts = selectors.alert_list(user=request.user)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "alerts/preferences.html", {"form": form, "alerts": alerts}, status=status)


@csrf_exempt  # RFC 8058: mail clients POST the one-click link without cookies
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """One-click unsubscribe, no sign-in needed. GET asks for confirmation (link scanners
    follow links), POST takes effect at once; a second POST says it is already done."""
    try:
        subscription = tokens.read_token(token)
    except tokens.InvalidToken as error:
        revoked = isinstance(error, tokens.RevokedToken)
        return render(request, "alerts/unsubscribe_invalid.html", {"revoked": revoked}, status=400)
    if request.method == "POST":
        state = services.unsubscribe(subscription=subscription)
        return render(request, "alerts/unsubscribe.html", {"state": state, "done": True})
    state = selectors.unsubscribe_state(subscription)
    return render(request, "alerts/unsubscribe.html", {"state": state, "done": False})


@login_required
@require_POST
def alert_revoke_unsubscribe_links(request, pk: int):
    """Make the unsubscribe links of this alert's past emails stop working."""
    alert = services.alert_revoke_unsubscribe_links(alert=_own_alert(request, pk), actor=request.user)
    messages.success(
        request,
        _("The unsubscribe links in the emails already sent for “%(name)s” no longer work. "
          "The next emails carry new ones.") % {"name": alert.name},
    )
    return redirect("alerts:alert-edit", pk=alert.pk)


@login_required
@require_POST
def revoke_unsubscribe_links(request):
    """Make the unsubscribe links of every email sent so far to this person stop working."""
    services.unsubscribe_links_revoke_all(user=request.user)
    messages.success(
        request,
        _("The unsubscribe links in the emails already sent to you no longer work. The next emails carry new ones."),
    )
    return redirect("alerts:preferences")
