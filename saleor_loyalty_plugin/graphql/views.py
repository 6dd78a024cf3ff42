"""HTTP endpoints for the loyalty schema.

``LoyaltyGraphQLView`` serves the loyalty schema alone at the plugin route,
where Saleor's view is not in the way, so it authenticates and parses
requests itself.  The merged ``/graphql/`` (Saleor's schema plus ours) is in
each host's URLconf (``hosts/*/urls.py``).
"""
import json

from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from ..core.errors import TokenRejected
from ..hosts import host
from .graphiql import graphiql_response


def _bad_request(message):
    return JsonResponse({"errors": [{"message": message}]}, status=400)


@method_decorator(csrf_exempt, name="dispatch")
class LoyaltyGraphQLView(View):
    default_channel = None

    def get(self, request, *args, **kwargs):
        return graphiql_response(host.AUTH_HEADER_PREFIX)

    def post(self, request, *args, **kwargs):
        from .schema import schema

        try:
            body = json.loads(request.body.decode("utf-8") or "{}")
        except (ValueError, UnicodeDecodeError):
            return _bad_request("The request body must be JSON.")
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return _bad_request("Send a JSON object with a 'query' string.")
        variables = body.get("variables") or {}
        if not isinstance(variables, dict):
            return _bad_request("'variables' must be a JSON object.")
        # None for anonymous: the host may not install django.contrib.auth's models.
        try:
            request.user = host.authenticate_request(request)
        except TokenRejected as rejected:  # as Saleor's endpoint answers a stale token
            return JsonResponse({"data": None, "errors": [{
                "message": rejected.message,
                "extensions": {"exception": {"code": rejected.code}}}]}, status=200)
        request.loyalty_default_channel = self.default_channel
        result = schema.execute(
            body["query"],
            variable_values=variables,
            operation_name=body.get("operationName"),
            context_value=request,
        )
        payload = {"data": result.data}
        if result.errors:
            payload["errors"] = [{"message": str(error)} for error in result.errors]
        return JsonResponse(payload, status=200 if result.data is not None else 400)

    def http_method_not_allowed(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["GET", "POST"])
