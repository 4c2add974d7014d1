"""A handler for tests/support/http_server.py: a paged API of the shape the clouds use.

GET /items?page=N answers one item a page and, until the last page, a Link-style
"next" header naming the next page; config {"pages": N} sets how many pages there are.
"""


def handle(request, config):
    if request["path"] != "/items":
        return None
    pages = config["pages"]
    page = int(request["query"].get("page", "1"))
    headers = {}
    if page < pages:
        headers["X-Next-Page"] = "%s/items?page=%d" % (request["base_url"], page + 1)
    return {"status": 200, "headers": headers, "body": {"items": ["item-%d" % page]}}
