"""A handler for tests/support/http_server.py speaking Google's wire format for the gce
provider: the OAuth token endpoint (the JWT-bearer and refresh-token grants), the
metadata server, and the compute v1 zones and instances lists, paged by pageToken.

It verifies what Google verifies: the JWT assertion's RS256 signature against the
service account's public key (python3-jwt with python3-cryptography, an implementation
independent of joinery's OpenSSL signer), its issuer, audience and lifetime; the
Metadata-Flavor header on the metadata server; a bearer token it issued on every
compute call. Errors are Google's documents ({"error": "invalid_grant", ...} from the
token endpoint, {"error": {"code", "message", "status"}} from compute).

config: {
  "project": "p",                        the project the credentials may list
  "client_email": "...", "public_key": "PEM path",
  "refresh_token": "...",                accepted by the refresh-token grant
  "expires_in": 3600,                    lifetime of the tokens issued
  "zones": ["us-central1-a", ...], "zone_page_size": 2,
  "instances": {"ZONE": [instance, ...]}, "page_size": 2,
  "loop_zone": "ZONE",                   its pages name the same nextPageToken forever
  "hang_zone": "ZONE",                   never answers
  "denied_project": "p2",                403 PERMISSION_DENIED
  "echo_project": "p3"                   401 quoting the Authorization header back
}
"""
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

issued = set()
counter = [0]


def google_error(code, status, message):
    return {"status": code, "body": {"error": {"code": code, "message": message, "status": status,
                                               "errors": [{"message": message,
                                                           "reason": status.lower()}]}}}


def issue(config):
    counter[0] += 1
    token = "ya29.test-token-%d-c0ffee" % counter[0]
    issued.add(token)
    return {"body": {"access_token": token, "expires_in": config.get("expires_in", 3600),
                     "token_type": "Bearer"}}


def token_grant(request, config):
    form = request["query_form"]
    if request["headers"].get("Content-Type") != "application/x-www-form-urlencoded":
        return {"status": 400, "body": {"error": "invalid_request",
                                        "error_description": "not a form"}}
    grant = form.get("grant_type")
    if grant == "refresh_token":
        if form.get("refresh_token") != config.get("refresh_token"):
            return {"status": 400, "body": {"error": "invalid_grant",
                                            "error_description": "Bad Request"}}
        return issue(config)
    if grant != "urn:ietf:params:oauth:grant-type:jwt-bearer":
        return {"status": 400, "body": {"error": "unsupported_grant_type",
                                        "error_description": "Invalid grant_type: %s" % grant}}
    with open(config["public_key"], "rb") as f:
        key = load_pem_public_key(f.read())
    try:
        claims = jwt.decode(form.get("assertion", ""), key, algorithms=["RS256"],
                            audience=request["base_url"] + "/token",
                            options={"require": ["iss", "aud", "iat", "exp", "scope"]})
    except jwt.InvalidSignatureError:
        return {"status": 400, "body": {"error": "invalid_grant",
                                        "error_description": "Invalid JWT Signature."}}
    except jwt.PyJWTError as error:
        return {"status": 400, "body": {"error": "invalid_grant",
                                        "error_description": "Invalid JWT: %s" % error}}
    if claims["iss"] != config["client_email"]:
        return {"status": 400, "body": {"error": "invalid_grant",
                                        "error_description": "Invalid issuer"}}
    if claims["exp"] - claims["iat"] > 3600 or "compute" not in claims["scope"]:
        return {"status": 400, "body": {"error": "invalid_scope",
                                        "error_description": "bad lifetime or scope"}}
    return issue(config)


def page(request, items, size):
    start = int(request["query"].get("pageToken", "page-0").split("-")[1])
    answer = {"kind": "compute#list", "items": items[start:start + size]}
    if start + size < len(items):
        answer["nextPageToken"] = "page-%d" % (start + size)
    return {"body": answer}


def compute(request, config, parts):
    # parts: ["projects", P, "zones"] or ["projects", P, "zones", Z, "instances"]
    authorization = request["headers"].get("Authorization", "")
    project = parts[1]
    if project == config.get("echo_project"):
        return google_error(401, "UNAUTHENTICATED", "Invalid Credentials: " + authorization)
    if not authorization.startswith("Bearer ") or authorization[7:] not in issued:
        return google_error(401, "UNAUTHENTICATED",
                            "Request had invalid authentication credentials.")
    if project == config.get("denied_project") or project != config["project"]:
        what = "compute.zones.list" if len(parts) == 3 else "compute.instances.list"
        return google_error(403, "PERMISSION_DENIED",
                            "Required '%s' permission for 'projects/%s'" % (what, project))
    if len(parts) == 3:
        zones = [{"kind": "compute#zone", "name": z, "status": "UP"} for z in config["zones"]]
        return page(request, zones, config.get("zone_page_size", 500))
    zone = parts[3]
    if zone == config.get("hang_zone"):
        return {"hang": True}
    if zone == config.get("loop_zone"):
        return {"body": {"items": [], "nextPageToken": "again"}}
    if zone not in config["zones"]:
        return google_error(404, "NOT_FOUND", "The resource 'projects/%s/zones/%s' was not found"
                            % (project, zone))
    return page(request, config["instances"].get(zone, []), config.get("page_size", 500))


def handle(request, config):
    path = request["path"]
    if request["method"] == "POST" and path == "/token":
        import urllib.parse
        request = dict(request, query_form=dict(urllib.parse.parse_qsl(request["body"])))
        return token_grant(request, config)
    if path.startswith("/computeMetadata/v1/"):
        if request["headers"].get("Metadata-Flavor") != "Google":
            return {"status": 403, "content_type": "text/html",
                    "body": "Missing Metadata-Flavor:Google header."}
        if path == "/computeMetadata/v1/project/project-id":
            return {"content_type": "application/text", "body": config["project"]}
        if path == "/computeMetadata/v1/instance/service-accounts/default/token":
            return issue(config)
        return {"status": 404, "content_type": "text/html", "body": "not found"}
    prefix = "/compute/v1/"
    if path.startswith(prefix):
        parts = path[len(prefix):].split("/")
        if len(parts) in (3, 5) and parts[0] == "projects" and parts[2] == "zones" and \
                (len(parts) == 3 or parts[4] == "instances"):
            return compute(request, config, parts)
    return None
