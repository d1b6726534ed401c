"""A shared response cache for anonymous reads of the API and the pages, never stale after an edit.

Switched on with RESPONSE_CACHE=1 (off by default and in tests). Every key contains a *generation* number kept in
the cache itself (Redis when REDIS_URL is set, so all app servers share it). Any write to content (post_save,
post_delete, m2m_changed of a model of the content apps) bumps the generation once its transaction commits, so
every answer cached before the edit becomes unreachable at once; nothing has to be found and deleted. Bulk writes
send no signals, so code that writes in bulk (the synthetic corpus) calls `bump_generation()` itself.

Why the order matters: a request reads the generation *before* it reads the database, and stores its answer
under that generation. A request racing an edit therefore stores its (old) answer under the old generation, which
nobody reads after the bump; and the bump happens after the commit, so a request that sees the new generation
also sees the new data.

Answers carry an ETag (the view's own, or a hash of the body); a client that sends it back gets a 304.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag

GENERATION_KEY = "response-cache:generation"
CONTENT_APPS = {"actors", "instruments", "cases"}
CACHED_PREFIXES = ("/api/", "/cases/", "/events/", "/actors/", "/instruments/", "/compare/", "/search/", "/about/")
STATUS_HEADER = "X-Response-Cache"


def enabled() -> bool:
    """Whether the cache is on; read per request so tests can switch it with override_settings."""
    return getattr(settings, "RESPONSE_CACHE", False)


def current_generation() -> int:
    """The generation every key of this request uses; created on first use.

    It starts from the clock, not 1: if the counter is ever evicted, the new one is larger than any old one,
    so an old entry can never be mistaken for a current one.
    """
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return int(generation)


def bump_generation() -> None:
    """Make every cached answer stale (call after content changed)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet: nothing cached under it either
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed(sender, **kwargs) -> None:
    """Signal receiver: a content row changed; bump the generation once the transaction commits."""
    if sender._meta.app_label in CONTENT_APPS:
        transaction.on_commit(bump_generation)


def _is_cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GETs of the API and the public pages; never the admin or anything signed in."""
    if request.method != "GET" or not (request.path == "/" or request.path.startswith(CACHED_PREFIXES)):
        return False
    if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.user.is_authenticated


def _is_cacheable_response(response: HttpResponse) -> bool:
    """Complete 200 answers that set no cookie; streamed exports (CSV of every row) are never held in memory."""
    return response.status_code == 200 and not response.streaming and not response.cookies


def _key(request: HttpRequest, generation: int) -> str:
    """The URL with its query and the negotiated format, at this generation."""
    varying = "\n".join([request.get_full_path(), request.META.get("HTTP_ACCEPT", "")])
    return f"response-cache:{generation}:{hashlib.sha256(varying.encode()).hexdigest()}"


def _freeze(response: HttpResponse) -> tuple[int, dict, bytes]:
    return response.status_code, dict(response.headers), response.content


def _thaw(frozen: tuple[int, dict, bytes]) -> HttpResponse:
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response.headers[name] = value
    return response


class ResponseCacheMiddleware:
    """Serve anonymous reads from the shared cache; store what the views answer; 304 on a matching ETag."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled() or not _is_cacheable_request(request):
            return self.get_response(request)
        key = _key(request, current_generation())
        frozen = cache.get(key)
        if frozen is not None:
            response = _thaw(frozen)
            response.headers[STATUS_HEADER] = "hit"
        else:
            response = self.get_response(request)
            if not _is_cacheable_response(response):
                return response
            if not response.has_header("ETag"):
                response.headers["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            patch_vary_headers(response, ("Accept", "Cookie"))
            cache.set(key, _freeze(response), timeout=settings.RESPONSE_CACHE_SECONDS)
            response.headers[STATUS_HEADER] = "miss"
        return get_conditional_response(request, etag=response.headers["ETag"], response=response)
