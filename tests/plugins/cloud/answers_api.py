"""A handler for tests/support/http_server.py answering GET /api with a script of answers.

It stands in for any REST cloud where a test needs answers in a given order: a 429 with
a Retry-After, an error document, a body that is not JSON or that does not end.

config: {"answers": [{"status": 200, "headers": {...}, "body": ... or
                       "body_bytes": N (N bytes of "x")}, ...]}
The answers are given in order; the last is repeated.
"""

served = 0


def handle(request, config):
    global served  # pylint: disable=global-statement
    if request["path"] != "/api":
        return None
    answers = config["answers"]
    answer = dict(answers[min(served, len(answers) - 1)])
    served += 1
    if "body_bytes" in answer:
        answer["body"] = "x" * answer.pop("body_bytes")
    return answer
