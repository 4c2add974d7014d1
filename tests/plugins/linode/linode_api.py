"""A handler for tests/support/http_server.py speaking the Linode API v4.

Real: GET /v4/linode/instances (page, page_size 25..500, the X-Filter header's JSON
with "region" and "tags" applied as the API does, the data/page/pages/results
envelope), GET /v4/linode/instances/ID/ips (ipv4 public/private/vpc, ipv6 slaac and
link_local), Bearer authentication, the {"errors": [{"reason"}]} documents (401,
404, 429 with Retry-After). Stands in: the instances are the test's, and pages hold at
most config "max_page_size" instances (default 500), so that a test sees several
pages without a thousand instances.

config: {"token": "...", "instances": [{"id", "label", "region", "tags", "ips"}],
         "max_page_size": N, "throttle": N (the first N requests answer 429),
         "hang": false}
"""
import json
import re

throttled = 0


def error(status, reason, headers=None):
    return {"status": status, "headers": headers or {}, "body": {"errors": [{"reason": reason}]}}


def handle(request, config):
    global throttled  # pylint: disable=global-statement
    if not request["path"].startswith("/v4/linode/instances"):
        return None
    if config.get("hang"):
        return {"hang": True}
    if request["headers"].get("Authorization") != "Bearer " + config["token"]:
        return error(401, "Invalid Token")
    if throttled < config.get("throttle", 0):
        throttled += 1
        return error(429, "Too Many Requests", {"Retry-After": "0"})
    instances = config["instances"]
    ips = re.fullmatch(r"/v4/linode/instances/(\d+)/ips", request["path"])
    if ips:
        found = [i for i in instances if i["id"] == int(ips.group(1))]
        return {"body": found[0]["ips"]} if found else error(404, "Not found")
    if request["path"] != "/v4/linode/instances":
        return error(404, "Not found")
    query = request["query"]
    page = int(query.get("page", "1"))
    page_size = int(query.get("page_size", "100"))
    if page_size < 25 or page_size > 500:
        return {"status": 400, "body": {"errors": [
            {"field": "page_size", "reason": "Must be a value between 25 and 500"}]}}
    page_size = min(page_size, config.get("max_page_size", 500))
    wanted = json.loads(request["headers"].get("X-Filter", "{}"))
    matching = [i for i in instances
                if ("region" not in wanted or i["region"] == wanted["region"])
                and ("tags" not in wanted or wanted["tags"] in i["tags"])]
    pages = max(1, (len(matching) + page_size - 1) // page_size)
    chunk = matching[(page - 1) * page_size:page * page_size]
    data = [{"id": i["id"], "label": i["label"], "region": i["region"], "tags": i["tags"],
             "status": "running"} for i in chunk]
    return {"body": {"data": data, "page": page, "pages": pages, "results": len(matching)}}
