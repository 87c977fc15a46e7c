"""Pages of the member directory and of a member's own profile. Thin: reads go through
selectors, writes through services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import selectors, services
from .filters import active_filters
from .forms import MembershipApplicationForm, OrganizationForm, ProfileForm
from .models import MemberProfile


def _paginate(request, queryset) -> Page:
    """A page of results; a page number that is not a number gives the first page and one
    past the end gives the last, so hand-edited URLs never fail."""
    return Paginator(queryset, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def directory(request):
    filterset = selectors.member_filterset(user=request.user, filters=request.GET)
    page_obj = _paginate(request, selectors.filtered(filterset))
    return render(
        request,
        "members/directory.html",
        {"filter": filterset, "page_obj": page_obj, "active_filters": active_filters(filterset)},
    )


@require_safe
def member_detail(request, pk: int):
    profile = selectors.member_get(user=request.user, pk=pk)
    if profile is None:
        raise Http404
    return render(
        request,
        "members/member_detail.html",
        {
            "profile": profile,
            "show_contact": selectors.can_see_contact_details(request.user),
            "is_own_profile": profile.user_id == request.user.pk,
        },
    )


@require_safe
def organization_list(request):
    filterset = selectors.organization_filterset(filters=request.GET)
    page_obj = _paginate(request, selectors.filtered(filterset))
    return render(
        request,
        "members/organization_list.html",
        {"filter": filterset, "page_obj": page_obj, "active_filters": active_filters(filterset)},
    )


@require_safe
def organization_detail(request, slug: str):
    organization = selectors.organization_get(user=request.user, slug=slug)
    if organization is None:
        raise Http404
    return render(
        request,
        "members/organization_detail.html",
        {
            "organization": organization,
            "people": selectors.organization_people(organization=organization, user=request.user),
            "can_edit": organization.can_be_edited_by(request.user),
        },
    )


def _own_profile(request) -> MemberProfile:
    return services.profile_ensure(user=request.user, language=request.LANGUAGE_CODE)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request):
    profile = _own_profile(request)
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=profile, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(profile=profile, actor=request.user, data=form.service_data())
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("members:profile-edit")
    profile.refresh_from_db()
    return render(request, "members/profile_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organization_edit(request):
    """Edit the organization one registered, or register a new one (which one then
    belongs to)."""
    profile = _own_profile(request)
    current = profile.organization
    editing = current if current is not None and current.can_be_edited_by(request.user) else None
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=editing)
    if request.method == "POST" and form.is_valid():
        try:
            if editing is not None:
                organization = services.organization_update(
                    organization=editing, actor=request.user, data=form.service_data()
                )
                messages.success(request, _("Your organization has been saved."))
            else:
                organization = services.organization_create(
                    actor=request.user, data=form.service_data()
                )
                messages.success(request, _("Your organization has been registered."))
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            return redirect(organization.get_absolute_url())
    if editing is not None:
        editing.refresh_from_db()
    return render(
        request,
        "members/organization_form.html",
        {"form": form, "organization": editing, "linked_organization": current, "profile": profile},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    """Apply to join the network, or see where one's application stands."""
    profile = _own_profile(request)
    latest = selectors.application_latest(profile=profile)
    can_apply = profile.membership in (
        MemberProfile.Membership.NONE,
        MemberProfile.Membership.DECLINED,
    )
    form = (
        MembershipApplicationForm(request.POST or None)
        if can_apply and profile.is_complete
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.membership_apply(profile=profile, actor=request.user, **form.cleaned_data)
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you! Your application has been sent to the ILO team.")
            )
            return redirect("members:apply")
    return render(
        request,
        "members/apply.html",
        {"profile": profile, "application": latest, "form": form, "can_apply": can_apply},
    )
