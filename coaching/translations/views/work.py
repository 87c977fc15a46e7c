"""The volunteer's side: "My translation work" (offers to answer, work to deliver, what
was delivered) and the upload of a translation. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..forms import DeliveryForm
from ..models import TranslationRequest


def render_work(request, *, error: str = "", status: int = 200, forms: dict | None = None):
    context = {
        **selectors.work_of(user=request.user),
        "volunteer": selectors.volunteer_of(user=request.user),
        "error": error,
    }
    for item in context["in_progress"]:
        item.delivery_form = (forms or {}).get(item.pk) or DeliveryForm(
            auto_id=f"id_deliver_{item.pk}_%s"
        )
    return render(request, "translations/work.html", context, status=status)


@login_required
@require_safe
def work(request):
    return render_work(request)


@login_required
@require_POST
def deliver(request, pk: int):
    translation = get_object_or_404(TranslationRequest.objects.select_related("translator"), pk=pk)
    if translation.translator is None or translation.translator.user_id != request.user.pk:
        return render_work(
            request,
            error=_("Only the volunteer who accepted can deliver the translation."),
            status=403,
        )
    form = DeliveryForm(request.POST, request.FILES, auto_id=f"id_deliver_{pk}_%s")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.translation_deliver(
                request=translation,
                actor=request.user,
                name=upload.name,
                data=upload.read(services.max_bytes() + 1),
            )
        except services.TranslationError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request, _("Thank you: the translation is delivered and the member told.")
            )
            return redirect("translations:work")
    return render_work(request, status=400, forms={translation.pk: form})
