#!/usr/bin/env python3
"""A small HTTP(S) server that joinery's tests start on loopback.

It answers the routes of a JSON file, checks what each route requires of the
request (headers such as a bearer token, query parameters such as a label
selector, a verified client certificate, a body), and records every request it
gets as one JSON line, so a test can assert what the client sent.

Routes file: a JSON array of objects:
  {"method": "GET", "path": "/peers",            # exact path, without the query
   "headers": {"Authorization": "Bearer abc"},   # mismatch -> 401
   "client_cert": true,                          # no verified client cert -> 401
   "query": {"labelSelector": "app=consul"},     # mismatch (or extra keys) -> 400
   "body": "...",                                # a POST body that must match -> 400
   "status": 200, "reason": "OK",                # the answer
   "answer": [...] or "text",                    # JSON value (dumped) or a string sent as is
   "content_type": "application/json",
   "location": "/elsewhere",                     # sent as the Location header (redirects)
   "hang": false}                                # true: never answer
Unknown paths get 404. Failures answer with a Kubernetes-style Status object.

A cloud's API is more than fixed routes (paging, signatures, tokens that expire):
--handler FILE names a Python module whose handle(request, config) is asked first,
with the recorded request (above, plus "base_url" of this server) and the JSON of
--handler-config. It returns None to fall through to the routes, or an answer:
  {"status": 200, "reason": "OK", "headers": {"Name": "value"},
   "body": "text" or a JSON value (dumped), "content_type": "application/json",
   "hang": false}
A handler that raises answers 500 with the exception's text, so a test sees it.
A handler keeps its state (pages served, tokens issued) in module globals.
"""
import argparse
import importlib.util
import json
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--routes", required=True)
    parser.add_argument("--requests-log", required=True)
    parser.add_argument("--cert", help="server certificate (PEM): serve HTTPS")
    parser.add_argument("--key", help="server private key (PEM)")
    parser.add_argument("--client-ca", help="CA to verify client certificates with")
    parser.add_argument("--handler", help="a Python module answering requests first")
    parser.add_argument("--handler-config", help="JSON given to the handler")
    args = parser.parse_args()

    handler = None
    handler_config = None
    if args.handler:
        spec = importlib.util.spec_from_file_location("handler", args.handler)
        handler = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(handler)
        if args.handler_config:
            with open(args.handler_config, encoding="utf-8") as f:
                handler_config = json.load(f)
    scheme = "https" if args.cert else "http"
    host = "[%s]" % args.host if ":" in args.host else args.host
    base_url = "%s://%s:%d" % (scheme, host, args.port)

    with open(args.routes, encoding="utf-8") as f:
        routes = json.load(f)
    log = open(args.requests_log, "a", encoding="utf-8")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            if isinstance(self.connection, ssl.SSLSocket):
                # In this thread, so one slow client cannot stall the accept loop.
                self.connection.do_handshake()

        def do_GET(self):
            self.answer()

        def do_POST(self):
            self.answer()

        def do_PUT(self):
            self.answer()

        def do_DELETE(self):
            self.answer()

        def log_message(self, fmt, *values):
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % values))

        def answer(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            peer = None
            if isinstance(self.connection, ssl.SSLSocket):
                peer = self.connection.getpeercert() or None
            record = {"method": self.command, "path": url.path, "query": query,
                      "raw_query": url.query,
                      "headers": dict(self.headers.items()), "body": body,
                      "client_cert": peer is not None}
            with lock:
                log.write(json.dumps(record) + "\n")
                log.flush()

            if handler is not None:
                try:
                    with lock:  # a handler's state needs no locking of its own
                        reply = handler.handle(dict(record, base_url=base_url), handler_config)
                except Exception as error:  # pylint: disable=broad-except
                    return self.fail(500, "HandlerFailed", "%s: %s" % (type(error).__name__, error))
                if reply is not None:
                    if reply.get("hang"):
                        time.sleep(3600)
                        return None
                    body = reply.get("body", "")
                    text = body if isinstance(body, str) else json.dumps(body)
                    return self.send(reply.get("status", 200), text,
                                     reply.get("content_type", "application/json"),
                                     reply.get("reason"), None, reply.get("headers", {}))

            route = next((r for r in routes if r["path"] == url.path and
                          r.get("method", "GET") == self.command), None)
            if route is None:
                return self.fail(404, "NotFound", "no route for %s %s" % (self.command, url.path))
            if route.get("hang"):
                time.sleep(3600)
                return None
            for name, value in route.get("headers", {}).items():
                if self.headers.get(name) != value:
                    return self.fail(401, "Unauthorized", "header %s is missing or wrong" % name)
            if route.get("client_cert") and peer is None:
                return self.fail(401, "Unauthorized", "no verified client certificate")
            if "query" in route and query != route["query"]:
                return self.fail(400, "BadRequest", "query %r, want %r" % (query, route["query"]))
            if "body" in route and body != route["body"]:
                return self.fail(400, "BadRequest", "body %r, want %r" % (body, route["body"]))
            answer = route.get("answer", "")
            text = answer if isinstance(answer, str) else json.dumps(answer)
            self.send(route.get("status", 200), text, route.get("content_type", "application/json"),
                      route.get("reason"), route.get("location"))
            return None

        def fail(self, status, reason, message):
            status_object = {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                             "message": message, "reason": reason, "code": status}
            self.send(status, json.dumps(status_object), "application/json", None)

        def send(self, status, text, content_type, reason, location=None, headers=None):
            data = text.encode("utf-8")
            self.send_response(status, reason)
            self.send_header("Content-Type", content_type)
            if location:
                self.send_header("Location", location)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        # socketserver's default backlog (5) drops the SYNs of a client that opens more
        # connections at once (a provider listing 8 zones in parallel), which then wait
        # a whole second to retry.
        request_queue_size = 64
        address_family = socket.AF_INET6 if ":" in args.host else socket.AF_INET

    server = Server((args.host, args.port), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            context.load_verify_locations(args.client_ca)
            context.verify_mode = ssl.CERT_OPTIONAL
        server.socket = context.wrap_socket(server.socket, server_side=True,
                                            do_handshake_on_connect=False)
    server.serve_forever()


if __name__ == "__main__":
    main()
