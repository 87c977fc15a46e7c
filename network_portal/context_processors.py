from django.conf import settings


def portal(request):
    """Values every page needs: the public site URL for absolute links and share buttons."""
    return {"SITE_URL": settings.SITE_URL}
