"""A handler for tests/support/http_server.py speaking Tencent Cloud API 3.0's CVM
DescribeInstances (Version 2017-03-12).

Real: POST / with a JSON body and the X-TC-Action/-Version/-Region/-Timestamp headers;
the TC3-HMAC-SHA256 Authorization recomputed here from Tencent Cloud's published
algorithm with Python's hmac/hashlib (canonical request over the signed headers
content-type and host as sent, the credential scope DATE/cvm/tc3_request, the derived
signing key); the timestamp within 5 minutes; X-TC-Token for temporary keys; the
instance-state and tag:KEY filters; Offset/Limit (at most 100) paging with
TotalCount; errors as API 3.0 sends them, HTTP 200 with Response.Error {Code, Message}
(AuthFailure.SecretIdNotFound, AuthFailure.SignatureFailure, RequestLimitExceeded,
InvalidParameterValue.LimitExceeded). Stands in: the instances and keys are the test's.

config: {"keys": {"SECRET_ID": "SECRET_KEY"}, "tokens": {"SECRET_ID": "TOKEN"},
         "instances": [instance objects with "Region", "State", "Tags"],
         "throttle": N (the first N calls answer RequestLimitExceeded), "hang": false}
"""
import datetime
import hashlib
import hmac
import json
import re
import time

throttled = 0


def error(code, message):
    return {"body": {"Response": {"Error": {"Code": code, "Message": message},
                                  "RequestId": "6a2d-test"}}}


def sign(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def check_signature(request, config):
    headers = request["headers"]
    match = re.fullmatch(r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/cvm/tc3_request, "
                         r"SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})",
                         headers.get("Authorization", ""))
    if not match:
        return error("AuthFailure.InvalidAuthorization", "Authorization header is malformed.")
    secret_id, date, signed, signature = match.groups()
    keys = config["keys"]
    if secret_id not in keys:
        return error("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure "
                     "that your SecretId is correct.")
    stamp = int(headers.get("X-TC-Timestamp", "0"))
    if abs(time.time() - stamp) > 300:
        return error("AuthFailure.SignatureExpire", "Signature expired.")
    if datetime.datetime.utcfromtimestamp(stamp).strftime("%Y-%m-%d") != date:
        return error("AuthFailure.SignatureFailure", "The credential date is not the timestamp's.")
    names = signed.split(";")
    if "host" not in names or "content-type" not in names:
        return error("AuthFailure.SignatureFailure", "host and content-type must be signed.")
    sent = {name.lower(): value.strip() for name, value in headers.items()}
    canonical_headers = "".join("%s:%s\n" % (n, sent.get(n, "")) for n in names)
    canonical = "\n".join(["POST", "/", "", canonical_headers, signed,
                           hashlib.sha256(request["body"].encode()).hexdigest()])
    scope = date + "/cvm/tc3_request"
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(stamp), scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = sign(sign(sign(("TC3" + keys[secret_id]).encode(), date), "cvm"), "tc3_request")
    if not hmac.compare_digest(hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(),
                               signature):
        return error("AuthFailure.SignatureFailure", "The provided credentials could not be "
                     "validated. Please check your signature is correct.")
    token = config.get("tokens", {}).get(secret_id)
    if token is not None and headers.get("X-TC-Token") != token:
        return error("AuthFailure.TokenFailure", "Token verification failed.")
    return None


def matches(instance, name, values):
    if name == "instance-state":
        return instance["State"] in values
    if name.startswith("tag:"):
        return any(t["Key"] == name[4:] and t["Value"] in values for t in instance["Tags"])
    raise ValueError("unknown filter " + name)


def handle(request, config):
    global throttled  # pylint: disable=global-statement
    if request["path"] != "/" or request["method"] != "POST":
        return None
    if config.get("hang"):
        return {"hang": True}
    headers = request["headers"]
    if (headers.get("X-TC-Action"), headers.get("X-TC-Version")) != \
            ("DescribeInstances", "2017-03-12"):
        return error("InvalidAction", "The action or version is not valid.")
    failure = check_signature(request, config)
    if failure:
        return failure
    if throttled < config.get("throttle", 0):
        throttled += 1
        return error("RequestLimitExceeded", "Your current request times equals to `21` in a "
                     "second, which exceeds the frequency limit `20` for a second.")
    body = json.loads(request["body"])
    offset, limit = body.get("Offset", 0), body.get("Limit", 20)
    if limit < 1 or limit > 100:
        return error("InvalidParameterValue.LimitExceeded", "Limit must be between 1 and 100.")
    wanted = [i for i in config["instances"] if i["Region"] == headers.get("X-TC-Region") and
              all(matches(i, f["Name"], f["Values"]) for f in body.get("Filters", []))]
    chunk = [{k: v for k, v in i.items() if k != "Region"} for i in wanted[offset:offset + limit]]
    return {"body": {"Response": {"TotalCount": len(wanted), "InstanceSet": chunk,
                                  "RequestId": "6a2d-test"}}}
