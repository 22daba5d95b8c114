"""The login lockout's view of the client (django-axes): its address, read as the access log reads it, and a
warning when the site is evidently behind a proxy that the settings do not know about."""

from __future__ import annotations

import logging

from django.conf import settings

logger = logging.getLogger(__name__)
_warned = False  # once per process


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address the lockout counts per account. The same rule as the access log's
    (core.services.client_ip: the hop the XINHUO_PROXY_COUNT-th proxy appended), not django-ipware's, which is not
    installed, so axes would otherwise lock by the proxy's address: everyone's."""
    from .services import client_ip as trusted_client_ip  # local: services imports the models

    return trusted_client_ip(request)


def warn_if_proxied_without_count(request) -> None:
    """With XINHUO_PROXY_COUNT=0 every request behind a proxy has the proxy's address: one client's failures
    would lock an account for everyone, and the access log would name the proxy. Said once per process."""
    global _warned
    if not _warned and not settings.XINHUO_PROXY_COUNT and "HTTP_X_FORWARDED_FOR" in request.META:
        _warned = True
        logger.warning(
            "Requests arrive with X-Forwarded-For but XINHUO_PROXY_COUNT is 0: the login lockout and the access log "
            "see the proxy's address (%s) for every client. Set XINHUO_PROXY_COUNT to the number of proxies in "
            "front of the site (docs/运维指南.md).", request.META.get("REMOTE_ADDR"))


class ProxyWarningMiddleware:
    """Looks once at each request for an unannounced proxy, until it has warned (a flag test afterwards)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _warned:
            warn_if_proxied_without_count(request)
        return self.get_response(request)
