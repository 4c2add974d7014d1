"""A handler for tests/support/http_server.py speaking Azure's wire format for the
azure provider: Entra ID's v2.0 client-credentials token endpoint, IMDS's managed
identity token, and Resource Manager's network-interface, scale-set and VM lists,
paged by nextLink.

It checks what Azure checks: the client id and secret of the grant and its scope,
the Metadata: true header on IMDS, a bearer token it issued on every ARM call, the
api-version on every ARM call. Errors are Azure's documents ({"error":
"invalid_client", "error_description": "AADSTS7000215: ...", "error_codes": [...]}
from Entra ID, {"error": {"code": "AuthorizationFailed", "message": ...}} from ARM).

config: {
  "tenant": "...", "client_id": "...", "client_secret": "...", "expires_in": 3599,
  "subscription": "...", "page_size": 2,  (nics and scale_sets may be left out)
  "nics": [nic, ...]                        the subscription's network interfaces
  "scale_sets": {"rg/name": {"mode": "Uniform"|"Flexible", "nics": [...], "vms": [...]}},
  "denied_subscription": "...",             403 AuthorizationFailed
  "foreign_next_subscription": "...",       its first page's nextLink leaves the origin
  "loop_subscription": "...",               its pages link to themselves
  "revoked_subscription": "...",            401: the token it was sent is no good
  "hang_subscription": "...",               never answers
  "echo_tenant": "..."                      its grant fails quoting the secret sent
}
"""
import urllib.parse

issued = set()
counter = [0]


def issue(config, as_string):
    counter[0] += 1
    token = "eyJ0eXAiOiJKV1Q.azure-token-%d.c0ffee" % counter[0]
    issued.add(token)
    expires = config.get("expires_in", 3599)
    return {"body": {"token_type": "Bearer", "access_token": token,
                     "expires_in": str(expires) if as_string else expires,
                     "resource": "https://management.azure.com/"}}


def entra_error(status, code, number, text):
    return {"status": status, "body": {"error": code,
                                       "error_description": "AADSTS%d: %s" % (number, text),
                                       "error_codes": [number]}}


def arm_error(status, code, message):
    return {"status": status, "body": {"error": {"code": code, "message": message}}}


def token_grant(request, config, tenant):
    form = dict(urllib.parse.parse_qsl(request["body"]))
    if tenant == config.get("echo_tenant"):
        return entra_error(401, "invalid_client", 7000215,
                           "Invalid client secret provided: %s" % form.get("client_secret"))
    if tenant != config["tenant"]:
        return entra_error(400, "invalid_request", 90002, "Tenant '%s' not found." % tenant)
    if form.get("grant_type") != "client_credentials":
        return entra_error(400, "unsupported_grant_type", 70003, "unsupported grant")
    if form.get("client_id") != config["client_id"]:
        return entra_error(400, "unauthorized_client", 700016, "Application not found.")
    if form.get("client_secret") != config["client_secret"]:
        return entra_error(401, "invalid_client", 7000215,
                           "Invalid client secret provided. Ensure the secret being sent in the "
                           "request is the client secret value, not the client secret ID, for a "
                           "secret added to app '%s'." % form.get("client_id"))
    if form.get("scope") != request["base_url"] + "/.default":
        return entra_error(400, "invalid_scope", 1002012, "bad scope %s" % form.get("scope"))
    return issue(config, False)


def page(request, values, size):
    start = int(request["query"].get("$skiptoken", "0"))
    answer = {"value": values[start:start + size]}
    if start + size < len(values):
        query = dict(request["query"], **{"$skiptoken": str(start + size)})
        answer["nextLink"] = "%s%s?%s" % (request["base_url"], request["path"],
                                          urllib.parse.urlencode(query))
    return {"body": answer}


def arm(request, config, parts):
    authorization = request["headers"].get("Authorization", "")
    if not authorization.startswith("Bearer ") or authorization[7:] not in issued:
        return arm_error(401, "InvalidAuthenticationToken",
                         "The access token is invalid.")
    if "api-version" not in request["query"]:
        return arm_error(400, "MissingApiVersionParameter",
                         "The api-version query parameter (?api-version=) is required.")
    subscription = parts[1]
    if subscription == config.get("denied_subscription"):
        return arm_error(403, "AuthorizationFailed",
                         "The client 'c' with object id 'o' does not have authorization to "
                         "perform action 'Microsoft.Network/networkInterfaces/read' over scope "
                         "'/subscriptions/%s' or the scope is invalid." % subscription)
    if subscription == config.get("revoked_subscription"):
        return arm_error(401, "InvalidAuthenticationToken", "The access token has been revoked.")
    if subscription == config.get("hang_subscription"):
        return {"hang": True}
    if subscription == config.get("foreign_next_subscription"):
        return {"body": {"value": [], "nextLink": "http://elsewhere.invalid/steal"}}
    if subscription == config.get("loop_subscription"):
        return {"body": {"value": [], "nextLink": request["base_url"] + request["path"] +
                         "?" + request["raw_query"]}}
    if subscription != config["subscription"]:
        return arm_error(404, "SubscriptionNotFound",
                         "The subscription '%s' could not be found." % subscription)
    rest = "/".join(parts[2:])
    size = config.get("page_size", 100)
    if rest == "providers/Microsoft.Network/networkInterfaces":
        return page(request, config.get("nics", []), size)
    if len(parts) >= 7 and parts[2] == "resourceGroups" and parts[4] == "providers":
        group = parts[3]
        kind = "/".join(parts[5:7])
        if kind == "Microsoft.Compute/virtualMachineScaleSets" and len(parts) >= 8:
            scale_set = config.get("scale_sets", {}).get(group + "/" + parts[7])
            if scale_set is None:
                return arm_error(404, "ResourceNotFound", "The Resource '%s' was not found."
                                 % parts[7])
            if len(parts) == 8:
                return {"body": {"name": parts[7], "properties":
                                 {"orchestrationMode": scale_set["mode"]}}}
            if parts[8:] == ["networkInterfaces"] and scale_set["mode"] == "Uniform":
                return page(request, scale_set["nics"], size)
        if len(parts) == 7 and kind == "Microsoft.Compute/virtualMachines":
            vms = [vm for s in config.get("scale_sets", {}).values() for vm in s.get("vms", [])]
            return page(request, vms, size)
        if len(parts) == 7 and kind == "Microsoft.Network/networkInterfaces":
            nics = [n for s in config.get("scale_sets", {}).values() for n in s.get("nics", [])]
            return page(request, nics + config.get("nics", []), size)
    return arm_error(404, "InvalidResourceType", "no route %s" % request["path"])


def handle(request, config):
    path = request["path"]
    parts = path.strip("/").split("/")
    if request["method"] == "POST" and len(parts) == 4 and parts[1:] == ["oauth2", "v2.0", "token"]:
        return token_grant(request, config, parts[0])
    if path == "/metadata/identity/oauth2/token":
        if request["headers"].get("Metadata") != "true":
            return {"status": 400, "body": {"error": "invalid_request",
                                            "error_description": "Required metadata header "
                                                                 "not specified"}}
        if request["query"].get("resource") != request["base_url"] + "/":
            return {"status": 400, "body": {"error": "invalid_resource",
                                            "error_description": "bad resource"}}
        return issue(config, True)
    if parts[0] == "subscriptions" and len(parts) >= 2:
        return arm(request, config, parts)
    return None
