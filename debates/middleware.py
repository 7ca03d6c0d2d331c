"""Cross-origin reading of the API, the downloads and the feeds (CORS), for GET only."""

from __future__ import annotations

from django.http import HttpResponse

# What other sites' pages may read: public, read-only data. The HTML pages and the admin are
# not opened up.
PUBLIC_PREFIXES = ("/api/", "/export/")
PUBLIC_SUFFIXES = ("/feed/",)


class CorsMiddleware:
    """``Access-Control-Allow-Origin: *`` on GET and HEAD responses of the public data, and an
    answer to the browser's preflight request. No credentials: the data needs no sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def is_public(path: str) -> bool:
        return path.startswith(PUBLIC_PREFIXES) or path.endswith(PUBLIC_SUFFIXES)

    def __call__(self, request):
        if not self.is_public(request.path_info):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            requested = request.META.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS")
            if requested:
                response["Access-Control-Allow-Headers"] = requested
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "Content-Disposition, Link"
        return response
