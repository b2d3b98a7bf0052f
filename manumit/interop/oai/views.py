"""The OAI-PMH 2.0 endpoint at /oai: one view for every verb, by GET or POST."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from manumit.interop.oai import formats
from manumit.interop.oai.arguments import VERBS, OaiError, check, echo, single_values
from manumit.interop.oai.changelog import drain
from manumit.interop.oai.verbs import VERB_HANDLERS, Context
from manumit.interop.oai.xml import envelope, serialize, sub


# Harvesters POST without a CSRF token, and a harvest changes nothing: exempt by design.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    drain()  # changes whose after-commit refresh has not run (or failed) are caught up first
    now = timezone.now().replace(microsecond=0)
    base_url = request.build_absolute_uri(request.path)
    data = request.POST if request.method == "POST" else request.GET
    verb: str | None = None
    args: dict[str, str] = {}
    try:
        args = single_values(data)
        verb = args.pop("verb", None)
        if verb not in VERBS:
            raise OaiError("badVerb", "The verb is missing or is not an OAI-PMH verb.")
        check(verb, args)
        root = envelope(base_url, now, echo(verb, args))
        links = formats.Links(request.build_absolute_uri("/"))
        VERB_HANDLERS[verb](root, Context(base_url, links, now, args))
    except OaiError as error:
        # On badVerb and badArgument the request is echoed as the base URL alone (3.2.2).
        shown = {} if error.code in ("badVerb", "badArgument") else echo(verb, args)
        root = envelope(base_url, now, shown)
        sub(root, "error", error.message).set("code", error.code)
    return HttpResponse(serialize(root), content_type="text/xml; charset=utf-8")
