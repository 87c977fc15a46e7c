"""The media kit (network members): the list, and a version's file download."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from . import selectors
from .models import Version


def _members_only(user) -> None:
    if not user.is_network_member:
        raise Http404


@login_required
@require_safe
def media_kit(request):
    _members_only(request.user)
    return render(
        request, "mediakit/media_kit.html", {"rows": selectors.media_kit(language=get_language())}
    )


@login_required
@require_safe
def version_download(request, pk: int):
    _members_only(request.user)
    version = get_object_or_404(
        Version.objects.filter(resource__is_published=True).exclude(file=""), pk=pk
    )
    name = version.file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
