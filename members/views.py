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
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.lists import render_list

from . import reviews, selectors, services
from .filters import active_filters
from .forms import MembershipApplicationForm, OrganizationForm, OrganizationRejectForm, ProfileForm
from .models import MemberProfile, Organization
from .survey.forms import application_survey_form
from .survey.services import SurveyError, membership_apply_with_survey


def _paginate(request, queryset) -> Page:
    """A page of results; a page number that is not a number gives the first page and one
    past the end gives the last, so hand-edited URLs never fail."""
    return Paginator(queryset, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def directory(request):
    filterset = selectors.member_filterset(user=request.user, filters=request.GET)
    page_obj = _paginate(request, selectors.filtered(filterset))
    return render_list(
        request,
        "members/directory.html",
        {"filter": filterset, "page_obj": page_obj, "active_filters": active_filters(filterset)},
        form=filterset.form,
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
    return render_list(
        request,
        "members/organization_list.html",
        {"filter": filterset, "page_obj": page_obj, "active_filters": active_filters(filterset)},
        form=filterset.form,
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
            "can_review": organization.review_status == Organization.ReviewStatus.PENDING
            and organization.can_be_reviewed_by(request.user),
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
    return render(
        request,
        "members/profile_form.html",
        {
            "form": form,
            "profile": profile,
            "review_count": selectors.review_count(user=request.user),
        },
    )


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
    survey_form = application_survey_form(request.POST or None) if form is not None else None
    if (
        request.method == "POST"
        and form is not None
        and form.is_valid()
        and (survey_form is None or survey_form.is_valid())
    ):
        try:
            membership_apply_with_survey(
                profile=profile,
                actor=request.user,
                application=form.cleaned_data,
                answers=survey_form.answers() if survey_form is not None else None,
                language=request.LANGUAGE_CODE,
            )
        except (services.MembershipError, SurveyError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you! Your application has been sent to the ILO team.")
            )
            return redirect("members:apply")
    return render(
        request,
        "members/apply.html",
        {
            "profile": profile,
            "application": latest,
            "form": form,
            "survey_form": survey_form,
            "can_apply": can_apply,
        },
    )


# --- Reviews: new organizations and requests to join one -----------------------------------


def _review_page(request, *, status: int = 200):
    return render(
        request,
        "members/reviews.html",
        selectors.review_queue(user=request.user),
        status=status,
    )


def _decision(request, decide, success: str):
    """Run one review service; its refusal is shown on the review page with a 4xx status
    (403: not theirs to decide, 400: the state does not allow it) and changes nothing."""
    try:
        decide()
    except reviews.ReviewNotAllowed as error:
        messages.error(request, str(error))
        return _review_page(request, status=403)
    except services.MembershipError as error:
        messages.error(request, str(error))
        return _review_page(request, status=400)
    messages.success(request, success)
    return redirect("members:reviews")


def _not_found(request, message: str):
    messages.error(request, message)
    return _review_page(request, status=404)


@login_required
@require_safe
def review_list(request):
    """New organizations and requests to join one that the signed-in person may decide:
    staff everything, a regional representative their region's organizations, an
    approved member the requests to join their own organization. Regional representatives
    are not staff, so this page (not the admin) is where they review."""
    return _review_page(request)


@login_required
@require_POST
def organization_review(request, pk: int, decision: str):
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        return _not_found(request, _("This organization does not exist (any more)."))
    if decision == "approve":
        return _decision(
            request,
            lambda: reviews.organization_approve(organization=organization, actor=request.user),
            _("%(name)s is approved and now shown publicly.") % {"name": organization.name},
        )
    form = OrganizationRejectForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Give a reason (at most 3,000 characters); it is sent to whoever registered it."),
        )
        return _review_page(request, status=400)
    return _decision(
        request,
        lambda: reviews.organization_reject(
            organization=organization, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("%(name)s is rejected; whoever registered it has been told.")
        % {"name": organization.name},
    )


@login_required
@require_POST
def join_request_review(request, pk: int, organization: int, decision: str):
    profile = MemberProfile.objects.filter(pk=pk).first()
    target = Organization.objects.filter(pk=organization).first()
    if profile is None or target is None:
        return _not_found(request, _("This request does not exist (any more)."))
    decide = reviews.join_confirm if decision == "confirm" else reviews.join_decline
    success = (
        _("%(name)s is now shown as one of the people of %(organization)s.")
        if decision == "confirm"
        else _("The request of %(name)s to join %(organization)s is declined.")
    )
    return _decision(
        request,
        lambda: decide(profile=profile, organization=target, actor=request.user),
        success % {"name": profile.display_name, "organization": target.name},
    )
