"""A handler for tests/support/http_server.py speaking the Equinix Metal (Packet) API.

Real: GET /metal/v1/projects/ID/devices (page, per_page 1..1000) with the meta
envelope (first, previous, next as {"href"} or null, last, current_page, last_page,
total), the X-Auth-Token check, the {"errors": [...]} documents (401, 404 for an
unknown project, 429 with Retry-After). Stands in: the project and its devices are
the test's, and pages hold at most config "max_page_size" devices (default 1000).

config: {"token": "...", "project": "UUID", "devices": [...], "max_page_size": N,
         "throttle": N (the first N requests answer 429), "hang": false}
"""
import re

throttled = 0


def error(status, message, headers=None):
    return {"status": status, "headers": headers or {}, "body": {"errors": [message]}}


def handle(request, config):
    global throttled  # pylint: disable=global-statement
    match = re.fullmatch(r"/metal/v1/projects/([^/]+)/devices", request["path"])
    if not match:
        return None
    if config.get("hang"):
        return {"hang": True}
    if request["headers"].get("X-Auth-Token") != config["token"]:
        return error(401, "Invalid authentication token")
    if throttled < config.get("throttle", 0):
        throttled += 1
        return error(429, "Rate limit exceeded", {"Retry-After": "0"})
    if match.group(1) != config["project"]:
        return error(404, "Not found")
    query = request["query"]
    page = int(query.get("page", "1"))
    per_page = int(query.get("per_page", "10"))
    if per_page < 1 or per_page > 1000:
        return error(422, "per_page must be between 1 and 1000")
    per_page = min(per_page, config.get("max_page_size", 1000))
    devices = config["devices"]
    last = max(1, (len(devices) + per_page - 1) // per_page)
    href = lambda n: {"href": "%s?page=%d&per_page=%d" % (request["path"], n, per_page)}
    meta = {"first": href(1), "last": href(last), "self": href(page),
            "previous": href(page - 1) if page > 1 else None,
            "next": href(page + 1) if page < last else None,
            "current_page": page, "last_page": last, "total": len(devices)}
    return {"body": {"devices": devices[(page - 1) * per_page:page * per_page], "meta": meta}}
