"""A handler for tests/support/http_server.py speaking OpenStack's Keystone v3 token
API, Nova's servers API and the metadata service's meta_data.json.

Real: POST /v3/auth/tokens with the password method (user name, domain id or name,
password) or the token method, scoped to a project by id or by name and domain; its
201 answer with the token in the X-Subject-Token header and the service catalog
(compute endpoints per region and interface); Keystone's error documents
({"error": {"code", "title", "message"}}); GET /compute/v2.1/servers/detail with the
X-Auth-Token header, the status filter, limit/marker paging with servers_links
"next"; Nova's {"overLimit": ...} 429 with Retry-After; addresses with
OS-EXT-IPS:type fixed and floating; /openstack/latest/meta_data.json. Stands in: the
users, projects and servers are the test's.

config: {"users": [{"name", "domain_id", "domain_name", "password"}],
         "tokens": ["TOKEN" accepted by the token method],
         "projects": [{"id", "name", "domain_id"}], "metadata_project": "ID" or absent,
         "servers": [server objects with "status", "project_id"],
         "throttle": N (the first N server pages answer 429), "hang": false}
"""
import secrets

issued = {}  # token -> project id
throttled = 0


def keystone_error(status, title, message):
    return {"status": status, "body": {"error": {"code": status, "title": title,
                                                 "message": message}}}


def find_project(scope, config):
    project = scope.get("project", {})
    for p in config["projects"]:
        if "id" in project and project["id"] == p["id"]:
            return p
        if "name" in project and project["name"] == p["name"] and \
                project.get("domain", {}) in ({"id": p["domain_id"]}, {"name": p["domain_name"]}):
            return p
    return None


def tokens(request, config):
    import json  # pylint: disable=import-outside-toplevel
    auth = json.loads(request["body"])["auth"]
    identity = auth["identity"]
    if identity["methods"] == ["password"]:
        user = identity["password"]["user"]
        known = [u for u in config["users"] if u["name"] == user["name"] and
                 user.get("domain") in ({"id": u["domain_id"]}, {"name": u["domain_name"]}) and
                 u["password"] == user["password"]]
        if not known:
            return keystone_error(401, "Unauthorized",
                                  "The request you have made requires authentication.")
    elif identity["methods"] == ["token"]:
        if identity["token"]["id"] not in config.get("tokens", []):
            return keystone_error(404, "Not Found", "Could not find token: %s."
                                  % identity["token"]["id"][:4])
    else:
        return keystone_error(400, "Bad Request", "unsupported auth methods")
    project = find_project(auth.get("scope", {}), config)
    if project is None:
        return keystone_error(401, "Unauthorized",
                              "The request you have made requires authentication.")
    token = "gAAAA" + secrets.token_hex(16)
    issued[token] = project["id"]
    base = request["base_url"]
    catalog = [
        {"type": "identity", "name": "keystone",
         "endpoints": [{"interface": "public", "region": "RegionOne", "region_id": "RegionOne",
                        "url": base + "/v3"}]},
        {"type": "compute", "name": "nova",
         "endpoints": [{"interface": "internal", "region": "RegionOne",
                        "region_id": "RegionOne", "url": "http://192.0.2.1:8774/v2.1"},
                       {"interface": "public", "region": "RegionOne", "region_id": "RegionOne",
                        "url": base + "/compute/v2.1/"},
                       {"interface": "public", "region": "RegionTwo", "region_id": "RegionTwo",
                        "url": base + "/two/v2.1"}]}]
    return {"status": 201, "headers": {"X-Subject-Token": token},
            "body": {"token": {"methods": identity["methods"], "catalog": catalog,
                               "project": {"id": project["id"], "name": project["name"]},
                               "expires_at": "2099-01-01T00:00:00.000000Z"}}}


def servers(request, config):
    global throttled  # pylint: disable=global-statement
    project = issued.get(request["headers"].get("X-Auth-Token"))
    if project is None:
        return keystone_error(401, "Unauthorized",
                              "The request you have made requires authentication.")
    if throttled < config.get("throttle", 0):
        throttled += 1
        return {"status": 429, "headers": {"Retry-After": "0"},
                "body": {"overLimit": {"code": 429, "message": "Over limit",
                                       "retryAfter": "0"}}}
    query = request["query"]
    wanted = [s for s in config["servers"] if s["project_id"] == project and
              ("status" not in query or s["status"] == query["status"])]
    limit = int(query.get("limit", "1000"))
    start = 0
    if "marker" in query:
        ids = [s["id"] for s in wanted]
        if query["marker"] not in ids:
            return {"status": 400, "body": {"badRequest": {
                "code": 400, "message": "marker [%s] not found" % query["marker"]}}}
        start = ids.index(query["marker"]) + 1
    chunk = wanted[start:start + limit]
    body = {"servers": chunk}
    if len(chunk) == limit:
        body["servers_links"] = [{"rel": "next", "href": "%s%s?status=ACTIVE&limit=%d&marker=%s" % (
            request["base_url"], request["path"], limit, chunk[-1]["id"])}]
    return {"body": body}


def handle(request, config):
    path = request["path"]
    if config.get("hang") and path != "/openstack/latest/meta_data.json":
        return {"hang": True}
    if path == "/v3/auth/tokens" and request["method"] == "POST":
        return tokens(request, config)
    if path == "/compute/v2.1/servers/detail" and request["method"] == "GET":
        return servers(request, config)
    if path == "/openstack/latest/meta_data.json" and "metadata_project" in config:
        return {"body": {"uuid": "d8e02d56", "name": "node-1",
                         "project_id": config["metadata_project"]}}
    return None
