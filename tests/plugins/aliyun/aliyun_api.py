"""A handler for tests/support/http_server.py speaking Alibaba Cloud ECS's RPC API and
the ECS metadata service's RAM role credentials.

Real: DescribeInstances (Version 2014-05-26) as a POST form; the RPC signature
(SignatureVersion 1.0, HMAC-SHA1) recomputed here from Alibaba Cloud's published
algorithm with Python's hmac/hashlib (sorted parameters, RFC 3986 encoding, the
"POST&%2F&" string to sign, secret + "&" as the key); Timestamp within 15 minutes;
SignatureNonce never reused; SecurityToken required for STS keys; Status, RegionId
and Tag.1.Key/Tag.1.Value filters; PageNumber/PageSize (at most 100) paging with
TotalCount; the error documents {"RequestId", "HostId", "Code", "Message"} with
their HTTP statuses (404 InvalidAccessKeyId.NotFound, 400 SignatureDoesNotMatch,
503 ServiceUnavailable). The metadata service's
/latest/meta-data/ram/security-credentials/[ROLE] and /latest/meta-data/region-id. Stands in: the instances and
keys are the test's.

config: {"keys": {"ID": "SECRET"}, "tokens": {"ID": "TOKEN"} (keys needing one),
         "role": {"name": ..., "AccessKeyId": ..., "AccessKeySecret": ...,
                  "SecurityToken": ...} or absent,
         "instances": [instance objects with "RegionId", "Status", "Tags"],
         "metadata_region": "..." (the metadata service's region-id) or absent,
         "throttle": N (the first N calls answer 503), "hang": false}
"""
import base64
import datetime
import hashlib
import hmac
import urllib.parse

throttled = 0
nonces = set()


def encode(text):
    return urllib.parse.quote(text, safe="-_.~")


def error(status, code, message):
    return {"status": status, "body": {"RequestId": "7D1A-TEST", "HostId": "ecs.aliyuncs.com",
                                       "Code": code, "Message": message}}


def metadata(request, config):
    role = config.get("role")
    prefix = "/latest/meta-data/ram/security-credentials/"
    name = request["path"][len(prefix):]
    if role is None:
        return {"status": 404, "body": "", "content_type": "text/plain"} if name else \
            {"body": "", "content_type": "text/plain"}
    if not name:
        return {"body": role["name"], "content_type": "text/plain"}
    if name != role["name"]:
        return {"status": 404, "body": "Not Found", "content_type": "text/plain"}
    return {"body": {"AccessKeyId": role["AccessKeyId"], "AccessKeySecret": role["AccessKeySecret"],
                     "SecurityToken": role["SecurityToken"], "Expiration": "2099-01-01T00:00:00Z",
                     "LastUpdated": "2026-01-01T00:00:00Z", "Code": "Success"}}


def check_signature(form, config):
    keys = dict(config.get("keys", {}))
    tokens = dict(config.get("tokens", {}))
    role = config.get("role")
    if role:
        keys[role["AccessKeyId"]] = role["AccessKeySecret"]
        tokens[role["AccessKeyId"]] = role["SecurityToken"]
    key_id = form.get("AccessKeyId", "")
    if key_id not in keys:
        return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    if form.get("SignatureMethod") != "HMAC-SHA1" or form.get("SignatureVersion") != "1.0":
        return error(400, "InvalidParameter", "SignatureMethod or SignatureVersion is not valid.")
    stamp = datetime.datetime.strptime(form.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ")
    now = datetime.datetime.utcnow()
    if abs((now - stamp).total_seconds()) > 900:
        return error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
    canonical = "&".join("%s=%s" % (encode(k), encode(v))
                         for k, v in sorted(form.items()) if k != "Signature")
    to_sign = "POST&%2F&" + encode(canonical)
    digest = hmac.new((keys[key_id] + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    if not hmac.compare_digest(base64.b64encode(digest).decode(), form.get("Signature", "")):
        return error(400, "SignatureDoesNotMatch",
                     "Specified signature is not matched with our calculation.")
    if key_id in tokens and form.get("SecurityToken") != tokens[key_id]:
        return error(400, "InvalidSecurityToken.Mismatch", "Specified SecurityToken is invalid.")
    if form.get("SignatureNonce", "") in nonces:
        return error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
    return None


def handle(request, config):
    global throttled  # pylint: disable=global-statement
    if request["path"] == "/latest/meta-data/region-id":
        if "metadata_region" not in config:
            return {"status": 404, "body": "Not Found", "content_type": "text/plain"}
        return {"body": config["metadata_region"], "content_type": "text/plain"}
    if request["path"].startswith("/latest/meta-data/ram/security-credentials/"):
        return metadata(request, config)
    if request["path"] != "/" or request["method"] != "POST":
        return None
    if config.get("hang"):
        return {"hang": True}
    if request["headers"].get("Content-Type") != "application/x-www-form-urlencoded":
        return error(400, "InvalidParameter", "the parameters are not a form")
    form = dict(urllib.parse.parse_qsl(request["body"], keep_blank_values=True))
    failure = check_signature(form, config)
    if failure:
        return failure
    if throttled < config.get("throttle", 0):
        throttled += 1
        return error(503, "ServiceUnavailable", "The request has failed due to a temporary failure.")
    nonces.add(form["SignatureNonce"])
    if (form.get("Action"), form.get("Version"), form.get("Format")) != \
            ("DescribeInstances", "2014-05-26", "JSON"):
        return error(400, "InvalidAction.NotFound", "Specified api is not found.")
    page = int(form.get("PageNumber", "1"))
    size = int(form.get("PageSize", "10"))
    if size < 1 or size > 100 or page < 1:
        return error(400, "InvalidParameter", "The specified parameter PageSize is not valid.")
    wanted = [i for i in config["instances"] if i["RegionId"] == form.get("RegionId") and
              ("Status" not in form or i["Status"] == form["Status"]) and
              ("Tag.1.Key" not in form or
               {"TagKey": form["Tag.1.Key"], "TagValue": form.get("Tag.1.Value", "")}
               in i["Tags"]["Tag"])]
    chunk = wanted[(page - 1) * size:page * size]
    return {"body": {"RequestId": "7D1A-TEST", "TotalCount": len(wanted), "PageNumber": page,
                     "PageSize": size, "Instances": {"Instance": chunk}}}
