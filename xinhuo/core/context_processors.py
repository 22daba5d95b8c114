from __future__ import annotations

from .navigation import navigation_for


def shell(request):
    """What the base template needs: the actor, their navigation, unread count."""
    actor = getattr(request, "actor", None)
    if not request.user.is_authenticated or not actor:
        return {"actor": None, "nav": [], "unread_count": 0}
    from .selectors import unread_count

    return {
        "actor": actor,
        "nav": navigation_for(actor, request.path),
        "unread_count": unread_count(actor),
        "elder_mode": request.user.elder_mode,
        "show_api_docs": actor.can("api.docs"),  # the user menu's link, for the administrator only
    }
