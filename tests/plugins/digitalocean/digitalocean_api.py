"""A handler for tests/support/http_server.py speaking DigitalOcean's API v2 droplets list.

Real: the wire format of GET /v2/droplets (page, per_page up to 200, tag_name), its
Bearer authentication, the links.pages.next of every page but the last, its error
documents {"id", "message"} (401 unauthorized, 422 for a bad per_page, 429
too_many_requests with Retry-After). Stands in: the droplets are the test's.

config: {"token": "...", "droplets": [droplet objects with "tags"],
         "throttle": N (the first N requests answer 429), "hang": false}
"""

throttled = 0


def error(status, code, message, headers=None):
    return {"status": status, "headers": headers or {}, "body": {"id": code, "message": message}}


def handle(request, config):
    global throttled  # pylint: disable=global-statement
    if request["path"] != "/v2/droplets" or request["method"] != "GET":
        return None
    if config.get("hang"):
        return {"hang": True}
    if request["headers"].get("Authorization") != "Bearer " + config["token"]:
        return error(401, "unauthorized", "Unable to authenticate you")
    if throttled < config.get("throttle", 0):
        throttled += 1
        return error(429, "too_many_requests", "API Rate limit exceeded.",
                     {"Retry-After": "0", "RateLimit-Remaining": "0"})
    query = request["query"]
    page = int(query.get("page", "1"))
    per_page = int(query.get("per_page", "20"))
    if per_page > 200 or per_page < 1 or page < 1:
        return error(422, "unprocessable_entity", "per_page must be between 1 and 200")
    droplets = [d for d in config["droplets"]
                if "tag_name" not in query or query["tag_name"] in d.get("tags", [])]
    last = max(1, (len(droplets) + per_page - 1) // per_page)
    pages = {}
    link = request["base_url"] + "/v2/droplets?page=%d&per_page=%d"
    if page < last:
        pages["next"] = link % (page + 1, per_page)
        pages["last"] = link % (last, per_page)
    if page > 1:
        pages["first"] = link % (1, per_page)
        pages["prev"] = link % (page - 1, per_page)
    chunk = droplets[(page - 1) * per_page:page * per_page]
    return {"body": {"droplets": chunk, "links": {"pages": pages} if pages else {},
                     "meta": {"total": len(droplets)}}}
