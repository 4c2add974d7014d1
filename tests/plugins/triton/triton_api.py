"""A handler for tests/support/http_server.py speaking Triton CloudAPI's ListMachines.

Real: GET /:account/machines with limit (at most 1000) and offset paging and the
x-resource-count header, the tag.KEY=VALUE filter, the Accept-Version header; the
HTTP Signature scheme ("Authorization: Signature keyId="/:account/keys/:fingerprint",
algorithm=..., headers="date", signature=...") verified here with the key's public
half through python3-cryptography (RSA PKCS #1 v1.5 SHA-256, ECDSA, Ed25519), the
Date within 300 s; CloudAPI's error documents {"code", "message"} (401
InvalidCredentials / InvalidSignature, 429 RequestThrottled). Stands in: the machines
and the account's keys are the test's.

config: {"account": "acme", "keys": {"KEY_ID as sent": "ssh-... AAAA... public key"},
         "machines": [machine objects with "tags"],
         "throttle": N (the first N requests answer 429), "hang": false}
"""
import base64
import email.utils
import re
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

throttled = 0


def error(status, code, message):
    return {"status": status, "body": {"code": code, "message": message}}


def verify(public_text, algorithm, signature, data):
    key = serialization.load_ssh_public_key(public_text.encode())
    if isinstance(key, rsa.RSAPublicKey) and algorithm == "rsa-sha256":
        key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(key, ed25519.Ed25519PublicKey) and algorithm == "ed25519-sha512":
        key.verify(signature, data)
    elif isinstance(key, ec.EllipticCurvePublicKey) and algorithm == "ecdsa-sha256":
        key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    else:
        raise InvalidSignature("algorithm %s does not fit the key" % algorithm)


def check_signature(request, config):
    headers = request["headers"]
    match = re.fullmatch(r'Signature keyId="([^"]+)",algorithm="([^"]+)",headers="date",'
                         r'signature="([^"]+)"', headers.get("Authorization", ""))
    if not match:
        return error(401, "InvalidCredentials", "Authorization header is not a signature")
    key_id, algorithm, signature = match.groups()
    prefix = "/%s/keys/" % config["account"]
    if not key_id.startswith(prefix) or key_id[len(prefix):] not in config["keys"]:
        return error(401, "InvalidCredentials", "Invalid key %s" % key_id)
    date = headers.get("Date", "")
    sent = email.utils.parsedate_to_datetime(date).timestamp() if date else 0
    if abs(time.time() - sent) > 300:
        return error(400, "InvalidHeader", "clock skew too great: %s" % date)
    try:
        verify(config["keys"][key_id[len(prefix):]], algorithm, base64.b64decode(signature),
               ("date: " + date).encode())
    except InvalidSignature:
        return error(401, "InvalidSignature",
                     "The signature we calculated does not match the one you sent")
    return None


def handle(request, config):
    global throttled  # pylint: disable=global-statement
    if request["path"] != "/%s/machines" % config["account"] or request["method"] != "GET":
        return None
    if config.get("hang"):
        return {"hang": True}
    if not request["headers"].get("Accept-Version"):
        return error(400, "InvalidVersion", "Accept-Version is required")
    failure = check_signature(request, config)
    if failure:
        return failure
    if throttled < config.get("throttle", 0):
        throttled += 1
        return error(429, "RequestThrottled", "You have exceeded your request rate")
    query = request["query"]
    limit, offset = int(query.get("limit", "1000")), int(query.get("offset", "0"))
    if limit < 1 or limit > 1000:
        return error(409, "InvalidArgument", "limit must be between 1 and 1000")
    tags = {k[4:]: v for k, v in query.items() if k.startswith("tag.")}
    wanted = [m for m in config["machines"]
              if all(m["tags"].get(k) == v for k, v in tags.items())]
    return {"headers": {"x-resource-count": str(len(wanted))},
            "body": wanted[offset:offset + limit]}
