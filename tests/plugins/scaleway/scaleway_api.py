"""A handler for tests/support/http_server.py speaking Scaleway's Instance API v1.

Real: GET /instance/v1/zones/ZONE/servers for the zones of fr-par, nl-ams and pl-waw
(page, per_page 1..100, tags and organization filters), the X-Total-Count header, the
X-Auth-Token check, the {"message", "type"} error documents (401
denied_authentication, 404 unknown_resource, 400 invalid_arguments, 429
too_many_requests with Retry-After). Stands in: the servers are the test's (each with
its "zone"), and pages hold at most config "max_page_size" servers (default 100).

config: {"token": "...", "servers": [...], "max_page_size": N,
         "throttle": N (the first N requests answer 429), "hang": false}
"""
import re

ZONES = {"%s-%d" % (region, i) for region in ("fr-par", "nl-ams", "pl-waw") for i in (1, 2, 3)}
throttled = 0


def error(status, kind, message, headers=None):
    return {"status": status, "headers": headers or {}, "body": {"message": message, "type": kind}}


def handle(request, config):
    global throttled  # pylint: disable=global-statement
    match = re.fullmatch(r"/instance/v1/zones/([^/]+)/servers", request["path"])
    if not match:
        return None
    if config.get("hang"):
        return {"hang": True}
    if request["headers"].get("X-Auth-Token") != config["token"]:
        return error(401, "denied_authentication", "authentication is denied")
    if throttled < config.get("throttle", 0):
        throttled += 1
        return error(429, "too_many_requests", "quota exceeded", {"Retry-After": "0"})
    zone = match.group(1)
    if zone not in ZONES:
        return error(404, "unknown_resource", "zone %s not found" % zone)
    query = request["query"]
    page = int(query.get("page", "1"))
    per_page = int(query.get("per_page", "50"))
    if per_page < 1 or per_page > 100:
        return error(400, "invalid_arguments", "per_page must be between 1 and 100")
    per_page = min(per_page, config.get("max_page_size", 100))
    tags = [t for t in query.get("tags", "").split(",") if t]
    servers = [s for s in config["servers"] if s["zone"] == zone
               and all(t in s["tags"] for t in tags)
               and ("organization" not in query or s["organization"] == query["organization"])]
    chunk = servers[(page - 1) * per_page:page * per_page]
    return {"headers": {"X-Total-Count": str(len(servers))}, "body": {"servers": chunk}}
