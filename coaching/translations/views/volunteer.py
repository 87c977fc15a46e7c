"""The member's volunteer setting: language pairs and monthly capacity, pause, resume,
stop. Prefilled from the membership application's "willing to translate". Thin."""

from __future__ import annotations

from itertools import permutations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..forms import PairFormSet, VolunteerForm


def _application_said_yes(user) -> bool:
    profile = getattr(user, "profile", None)
    return bool(profile and profile.applications.filter(can_translate=True).exists())


def _initial(user, volunteer):
    """The saved setting; else, when the application said "willing to translate", pairs
    among the languages on the member's profile."""
    if volunteer is not None:
        pairs = [{"source": p.source, "target": p.target} for p in volunteer.pairs.all()]
        return {"monthly_capacity": volunteer.monthly_capacity}, pairs, False
    if not _application_said_yes(user):
        return {}, [], False
    languages = list(user.profile.languages.all()[:3])
    pairs = [{"source": s, "target": t} for s, t in permutations(languages, 2)][:4]
    return {}, pairs, True


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def volunteer_setting(request):
    if not request.user.is_network_member:
        raise PermissionDenied
    volunteer = selectors.volunteer_of(user=request.user)
    initial, pairs, prefilled = _initial(request.user, volunteer)
    form = VolunteerForm(request.POST or None, initial=initial)
    formset = PairFormSet(request.POST or None, initial=pairs, prefix="pairs")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            try:
                services.volunteer_save(
                    user=request.user,
                    pairs=formset.pairs(),
                    monthly_capacity=form.cleaned_data["monthly_capacity"],
                )
            except services.TranslationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you: your translator setting is saved."))
                return redirect("translations:volunteer")
    context = {"form": form, "formset": formset, "volunteer": volunteer, "prefilled": prefilled}
    return render(request, "translations/volunteer_form.html", context, status=status)


@login_required
@require_POST
def volunteer_availability(request):
    answer = request.POST.get("answer")
    try:
        if answer == "stop":
            services.volunteer_stop(user=request.user)
            messages.success(
                request, _("You no longer volunteer as a translator. Thank you for your help.")
            )
        elif answer in ("pause", "resume"):
            services.volunteer_set_available(user=request.user, available=answer == "resume")
            messages.success(
                request,
                _("You are available for translations again.")
                if answer == "resume"
                else _("Paused: you will not be offered translations until you resume."),
            )
        else:
            return render(request, "400.html", status=400)
    except services.TranslationError as error:
        messages.error(request, str(error))
        return redirect("translations:volunteer")
    return redirect("translations:volunteer")
