"""A handler for tests/support/http_server.py speaking AWS's EC2, ECS, STS, IMDS and ECS
container-credential wire formats, on one loopback server.

Real: EC2's Query API (POST / with a form body: Action=DescribeInstances,
Version=2016-11-15, Filter.N.Name/Value.M, MaxResults, NextToken) and its XML answer and
error documents (<Response><Errors><Error><Code>); ECS's JSON 1.1 (X-Amz-Target
AmazonEC2ContainerServiceV20141113.ListClusters/ListTasks/DescribeTasks, nextToken,
{"__type", "message"} errors); STS AssumeRoleWithWebIdentity's and AssumeRole's forms and
XML answers (AssumeRole signed: its SigV4 checked with botocore as EC2's); IMDS's
PUT /latest/api/token, the token header, security-credentials and identity document; the
ECS agent's credentials JSON with its Authorization token. Every EC2 and ECS request's
Signature Version 4 is recomputed with python3-botocore's SigV4Auth (an implementation
independent of libcurl's) over what was received, and a mismatch is refused with AWS's own
SignatureDoesNotMatch / InvalidSignatureException; an unknown key gets AuthFailure.
Stands in: the instances, tasks, keys and roles are the test's; one server is every
region (the signature's scope says which region was asked).

config: {"keys": {"AKID": {"secret": "...", "token": "..." or absent}},
         "instances": [{"id", "region", "tags": {k: v}, "state": "running",
                        "private": ip, "public": ip, "ipv6": [ip, ...]}],
         "page_size": N (instances per page; default MaxResults), "loop": false,
         "throttle": N (the first N EC2 calls answer 503 RequestLimitExceeded),
         "hang": false, "deny": false (UnauthorizedOperation),
         "expired_tokens": [session tokens answered ExpiredToken],
         "ecs": {"clusters": {"arn": [task objects as DescribeTasks answers them]},
                 "page_size": N},
         "imds": {"v1_only": false, "region": "...", "role": "...", "credentials": {...}},
         "sts": {"token": "...", "role_arn": "...", "credentials": {...}},
         "assume_role": {"ROLE_ARN": {"allowed": [AKID, ...] (who may assume it),
                                      "external_id": "..." or absent, "credentials": {...}}},
         "container": {"path": "/creds", "authorization": "...", "credentials": {...}}}
Credentials objects are {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}.
"""
import json
import re
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

throttled = 0
imds_tokens = set()
answers = {}  # (region, tag filters) -> the instances' XML

AUTH = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([a-z0-9-]+)/([a-z0-9]+)/aws4_request, "
                  r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$")


def ec2_error(status, code, message):
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>%s</Code>'
            '<Message>%s</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example'
            '</RequestID></Response>' % (code, message))
    return {"status": status, "body": body, "content_type": "text/xml;charset=UTF-8"}


def json_error(status, code, message):
    return {"status": status, "body": {"__type": code, "message": message},
            "content_type": "application/x-amz-json-1.1", "headers": {"x-amzn-ErrorType": code}}


def verify_signature(request, config, service):
    """None when the request is signed as AWS checks it; else (code, message)."""
    headers = {k.lower(): v for k, v in request["headers"].items()}
    match = AUTH.match(headers.get("authorization", ""))
    if not match:
        return ("IncompleteSignature" if service == "ec2" else "MissingAuthenticationTokenException",
                "Authorization header requires a SigV4 Credential, SignedHeaders and Signature")
    key_id, date, region, signed_service, signed, signature = match.groups()
    keys = config.get("keys", {})
    if key_id not in keys:
        return ("AuthFailure" if service == "ec2" else "UnrecognizedClientException",
                "AWS was not able to validate the provided access credentials")
    key = keys[key_id]
    names = signed.split(";")
    if "host" not in names or "x-amz-date" not in names or signed_service != service:
        return ("IncompleteSignature", "host and x-amz-date must be signed, for service " + service)
    if headers.get("x-amz-security-token") in config.get("expired_tokens", []):
        return ("ExpiredToken" if service == "ec2" else "ExpiredTokenException",
                "The provided token has expired.")
    if key.get("token") and headers.get("x-amz-security-token") != key["token"]:
        return ("AuthFailure" if service == "ec2" else "UnrecognizedClientException",
                "The security token included in the request is invalid")
    if key.get("token") and "x-amz-security-token" not in names:
        return ("IncompleteSignature", "x-amz-security-token must be signed")
    url = request["base_url"] + request["path"]
    if request["raw_query"]:
        url += "?" + request["raw_query"]
    aws_request = AWSRequest(method=request["method"], url=url, data=request["body"].encode(),
                             headers={name: headers.get(name, "") for name in names})
    signer = SigV4Auth(Credentials(key_id, key["secret"], key.get("token")), service, region)
    aws_request.context["timestamp"] = headers["x-amz-date"]
    if not headers["x-amz-date"].startswith(date):
        return ("IncompleteSignature", "the credential scope's date is not X-Amz-Date's")
    canonical = signer.canonical_request(aws_request)
    expected = signer.signature(signer.string_to_sign(aws_request, canonical), aws_request)
    if expected != signature:
        return ("SignatureDoesNotMatch" if service == "ec2" else "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. Consult the service "
                "documentation for details.")
    request["region"] = region
    return None


def filters(form):
    found = {}
    for name, value in form.items():
        m = re.match(r"Filter\.(\d+)\.Name$", name)
        if m:
            n = m.group(1)
            found[value] = [v for k, v in sorted(form.items())
                            if k.startswith("Filter.%s.Value." % n)]
    return found


def instance_xml(instance):
    parts = ["<item><instanceId>%s</instanceId><instanceState><code>16</code><name>%s</name>"
             "</instanceState>" % (instance["id"], instance.get("state", "running"))]
    if instance.get("private"):
        parts.append("<privateIpAddress>%s</privateIpAddress>" % instance["private"])
    if instance.get("public"):
        parts.append("<ipAddress>%s</ipAddress>" % instance["public"])
    parts.append("<networkInterfaceSet>")
    for n, ipv6 in enumerate(instance.get("ipv6", [])):
        parts.append("<item><networkInterfaceId>eni-%d</networkInterfaceId><ipv6AddressesSet>"
                     "<item><ipv6Address>%s</ipv6Address></item></ipv6AddressesSet></item>"
                     % (n, ipv6))
    parts.append("</networkInterfaceSet></item>")
    return "".join(parts)


def describe_instances(request, form, config):
    global throttled  # pylint: disable=global-statement
    if config.get("hang"):
        return {"hang": True}
    if throttled < config.get("throttle", 0):
        throttled += 1
        return ec2_error(503, "RequestLimitExceeded", "Request limit exceeded.")
    if config.get("deny"):
        return ec2_error(403, "UnauthorizedOperation",
                         "You are not authorized to perform this operation.")
    if form.get("Version") != "2016-11-15":
        return ec2_error(400, "InvalidParameterValue", "Version")
    wanted = filters(form)
    if wanted.get("instance-state-name") != ["running"]:
        return ec2_error(400, "InvalidParameterCombination", "expected the running filter")
    tags = [(name[4:], values) for name, values in wanted.items() if name.startswith("tag:")]
    # The same question is asked page after page: answered once (the benchmark's 10,000
    # instances would otherwise be filtered and written again for every page).
    question = (request["region"], json.dumps(tags))
    if question not in answers:
        answers[question] = [
            instance_xml(i) for i in config.get("instances", [])
            if i.get("region", "us-east-1") == request["region"]
            and i.get("state", "running") == "running"
            and all(i.get("tags", {}).get(k) in v for k, v in tags)]
    chosen = answers[question]
    size = int(config.get("page_size") or form.get("MaxResults", "1000"))
    start = 0
    if "NextToken" in form:
        if not form["NextToken"].startswith("page-"):
            return ec2_error(400, "InvalidParameterValue", "Invalid NextToken")
        start = int(form["NextToken"][5:])
    page = chosen[start:start + size]
    reservations = "".join("<item><reservationId>r-%d</reservationId><instancesSet>%s"
                           "</instancesSet></item>" % (n, "".join(pair))
                           for n, pair in enumerate(page[k:k + 2] for k in range(0, len(page), 2)))
    token = ""
    if config.get("loop"):
        token = "<nextToken>page-0</nextToken>"
    elif start + size < len(chosen):
        token = "<nextToken>page-%d</nextToken>" % (start + size)
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse '
            'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>8f7724cf</requestId>'
            '<reservationSet>%s</reservationSet>%s</DescribeInstancesResponse>'
            % (reservations, token))
    return {"body": body, "content_type": "text/xml;charset=UTF-8"}


def paged(items, input_json, member, size):
    start = int(input_json.get("nextToken", "0") or "0")
    answer = {member: items[start:start + size]}
    if start + size < len(items):
        answer["nextToken"] = str(start + size)
    return {"body": answer, "content_type": "application/x-amz-json-1.1"}


def ecs(request, config):
    target = request["headers"].get("X-Amz-Target", "")
    action = target.rsplit(".", 1)[-1]
    if not target.startswith("AmazonEC2ContainerServiceV20141113."):
        return json_error(400, "UnknownOperationException", target)
    if config.get("deny"):
        return json_error(400, "AccessDeniedException",
                          "User is not authorized to perform: ecs:" + action)
    body = json.loads(request["body"] or "{}")
    clusters = config.get("ecs", {}).get("clusters", {})
    size = config.get("ecs", {}).get("page_size", 100)
    if action == "ListClusters":
        return paged(sorted(clusters), body, "clusterArns", size)
    cluster = clusters.get(body.get("cluster"))
    if cluster is None:
        return json_error(400, "ClusterNotFoundException", "Cluster not found.")
    if action == "ListTasks":
        if body.get("desiredStatus") != "RUNNING":
            return json_error(400, "InvalidParameterException", "desiredStatus")
        tasks = [t["taskArn"] for t in cluster
                 if "family" not in body or t.get("group") == "family:" + body["family"]]
        return paged(tasks, body, "taskArns", size)
    if action == "DescribeTasks":
        if len(body.get("tasks", [])) > 100 or body.get("include") != ["TAGS"]:
            return json_error(400, "InvalidParameterException", "at most 100 tasks, include TAGS")
        tasks = [t for t in cluster if t["taskArn"] in body["tasks"]]
        return {"body": {"tasks": tasks, "failures": []},
                "content_type": "application/x-amz-json-1.1"}
    return json_error(400, "UnknownOperationException", action)


def sts(form, config):
    sts_config = config.get("sts", {})
    if form.get("Version") != "2011-06-15" or form.get("RoleArn") != sts_config.get("role_arn"):
        return {"status": 403, "content_type": "text/xml",
                "body": "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                        "<Message>Not authorized to perform sts:AssumeRoleWithWebIdentity"
                        "</Message></Error></ErrorResponse>"}
    if form.get("WebIdentityToken") != sts_config.get("token"):
        return {"status": 400, "content_type": "text/xml",
                "body": "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken"
                        "</Code><Message>Couldn't retrieve verification key from your identity "
                        "provider</Message></Error></ErrorResponse>"}
    c = sts_config["credentials"]
    return {"content_type": "text/xml", "body":
            "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>%s</AccessKeyId>"
            "<SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken>"
            "<Expiration>%s</Expiration></Credentials></AssumeRoleWithWebIdentityResult>"
            "</AssumeRoleWithWebIdentityResponse>"
            % (c["AccessKeyId"], c["SecretAccessKey"], c["Token"], c["Expiration"])}


def sts_error(status, code, message):
    return {"status": status, "content_type": "text/xml",
            "body": "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                    "<Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
                    "<RequestId>4f1c-example</RequestId></ErrorResponse>" % (code, message)}


def assume_role(request, form, config):
    refused = verify_signature(request, config, "sts")
    if refused:
        code = {"UnrecognizedClientException": "InvalidClientTokenId",
                "InvalidSignatureException": "SignatureDoesNotMatch",
                "ExpiredTokenException": "ExpiredToken"}.get(refused[0], refused[0])
        return sts_error(403, code, refused[1])
    caller = AUTH.match(request["headers"]["Authorization"]).group(1)
    role = config.get("assume_role", {}).get(form.get("RoleArn"))
    if form.get("Version") != "2011-06-15" or not form.get("RoleSessionName") or role is None \
            or caller not in role["allowed"] \
            or form.get("ExternalId") != role.get("external_id"):
        return sts_error(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/%s is not "
                         "authorized to perform: sts:AssumeRole on resource: %s"
                         % (caller, form.get("RoleArn")))
    c = role["credentials"]
    return {"content_type": "text/xml", "body":
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            "<AssumeRoleResult><Credentials><AccessKeyId>%s</AccessKeyId>"
            "<SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken>"
            "<Expiration>%s</Expiration></Credentials><AssumedRoleUser><Arn>%s/%s</Arn>"
            "</AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>"
            % (c["AccessKeyId"], c["SecretAccessKey"], c["Token"], c["Expiration"],
               form["RoleArn"], form["RoleSessionName"])}


def imds(request, config):
    settings = config.get("imds")
    if settings is None:
        return None
    if request["path"] == "/latest/api/token":
        if request["method"] != "PUT":
            return {"status": 405, "body": ""}
        if settings.get("v1_only"):
            return {"status": 403, "body": "", "content_type": "text/plain"}
        if "X-aws-ec2-metadata-token-ttl-seconds" not in request["headers"]:
            return {"status": 400, "body": "", "content_type": "text/plain"}
        token = "imds-token-%d" % len(imds_tokens)
        imds_tokens.add(token)
        return {"body": token, "content_type": "text/plain"}
    if not settings.get("v1_only") and \
            request["headers"].get("X-aws-ec2-metadata-token") not in imds_tokens:
        return {"status": 401, "body": "", "content_type": "text/plain"}
    base = "/latest/meta-data/iam/security-credentials/"
    if request["path"] == "/latest/dynamic/instance-identity/document":
        return {"body": {"region": settings["region"], "instanceId": "i-0self",
                         "accountId": "123456789012"}}
    if request["path"] == base and settings.get("role"):
        return {"body": settings["role"], "content_type": "text/plain"}
    if settings.get("role") and request["path"] == base + settings["role"]:
        return {"body": dict(settings["credentials"], Code="Success", Type="AWS-HMAC")}
    return {"status": 404, "body": "", "content_type": "text/plain"}


def handle(request, config):
    if "/latest/" in request["path"]:
        # A test gives each case its own prefix (AWS_EC2_METADATA_SERVICE_ENDPOINT=.../case)
        # so that credentials the plugin keeps for the run are not another case's.
        request["path"] = request["path"][request["path"].index("/latest/"):]
        return imds(request, config)
    container = config.get("container")
    if container and request["path"] == container["path"]:
        if request["headers"].get("Authorization") != container.get("authorization"):
            return {"status": 401, "body": {"message": "bad token"}}
        return {"body": container["credentials"]}
    if request["method"] != "POST" or request["path"] != "/":
        return None
    if "X-Amz-Target" in request["headers"]:
        refused = verify_signature(request, config, "ecs")
        if refused:
            return json_error(400, *refused)
        return ecs(request, config)
    form = dict(urllib.parse.parse_qsl(request["body"], keep_blank_values=True))
    if form.get("Action") == "AssumeRoleWithWebIdentity":
        return sts(form, config)
    if form.get("Action") == "AssumeRole":
        return assume_role(request, form, config)
    refused = verify_signature(request, config, "ec2")
    if refused:
        status = {"AuthFailure": 401, "ExpiredToken": 400}.get(refused[0], 403)
        return ec2_error(status, *refused)
    if form.get("Action") == "DescribeInstances":
        return describe_instances(request, form, config)
    return ec2_error(400, "InvalidAction", "The action %s is not valid" % form.get("Action"))
