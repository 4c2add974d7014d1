"""A handler for tests/support/http_server.py speaking SoftLayer's REST API (IBM Cloud
classic infrastructure).

Real: GET /rest/v3/SoftLayer_Account/getVirtualGuests.json with its objectMask (checked
to be go-discover's), objectFilter (the datacenter.name and tagReferences.tag.name
"operation" equality filters applied as the API does) and resultLimit=OFFSET,LIMIT,
the SoftLayer-Total-Items header, Basic authentication by user name and API key, the
{"error", "code"} documents (401 SoftLayer_Exception_InvalidLegacyToken, 429 with
Retry-After). Stands in: the account's guests are the test's.

config: {"username": "...", "api_key": "...", "guests": [{"id", "hostname", "domain",
         "datacenter", "tags", "primaryBackendIpAddress"}],
         "throttle": N (the first N requests answer 429), "hang": false}
"""
import base64
import json

MASK = "mask[id,hostname,domain,tagReferences[tag[name]],primaryBackendIpAddress,datacenter]"
throttled = 0


def error(status, code, message, headers=None):
    return {"status": status, "headers": headers or {}, "body": {"error": message, "code": code}}


def handle(request, config):
    global throttled  # pylint: disable=global-statement
    if request["path"] != "/rest/v3/SoftLayer_Account/getVirtualGuests.json":
        return None
    if config.get("hang"):
        return {"hang": True}
    expected = "Basic " + base64.b64encode(
        ("%s:%s" % (config["username"], config["api_key"])).encode()).decode()
    if request["headers"].get("Authorization") != expected:
        return error(401, "SoftLayer_Exception_InvalidLegacyToken", "Invalid API token.")
    if throttled < config.get("throttle", 0):
        throttled += 1
        return error(429, "SoftLayer_Exception_WebService_RateLimitExceeded",
                     "Rate limit exceeded", {"Retry-After": "0"})
    query = request["query"]
    if query.get("objectMask") != MASK:
        return error(500, "SoftLayer_Exception_Public", "unexpected mask %r" % query.get("objectMask"))
    wanted = json.loads(query.get("objectFilter", "{}")).get("virtualGuests", {})
    datacenter = wanted.get("datacenter", {}).get("name", {}).get("operation")
    tag = wanted.get("tagReferences", {}).get("tag", {}).get("name", {}).get("operation")
    guests = [g for g in config["guests"]
              if (datacenter is None or g["datacenter"] == datacenter)
              and (tag is None or tag in g["tags"])]
    offset, limit = (int(n) for n in query.get("resultLimit", "0,1000000").split(","))
    chunk = []
    for guest in guests[offset:offset + limit]:
        masked = {"id": guest["id"], "hostname": guest["hostname"], "domain": guest["domain"],
                  "datacenter": {"name": guest["datacenter"]},
                  "tagReferences": [{"tag": {"name": t}} for t in guest["tags"]]}
        if guest.get("primaryBackendIpAddress"):
            masked["primaryBackendIpAddress"] = guest["primaryBackendIpAddress"]
        chunk.append(masked)
    return {"headers": {"SoftLayer-Total-Items": str(len(guests))}, "body": chunk}
