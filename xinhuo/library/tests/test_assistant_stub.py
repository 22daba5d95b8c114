"""A stand-in for an OpenAI-compatible chat endpoint (test_assistant_services.py uses it), in a thread of the test
(no child process): it records each request (path, headers, JSON body) and answers as told: a reply, a status,
bad JSON, or a sleep past the timeout."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ChatStub:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reply = "清明节前先成立活动小组，联系烈士陵园 [1]。"
        self.status = 200
        self.raw: bytes | None = None  # sent as is instead of a chat-completions reply
        self.sleep = 0.0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                stub.requests.append({"path": self.path, "headers": dict(self.headers),
                                      "json": json.loads(body or b"{}")})
                if stub.sleep:
                    time.sleep(stub.sleep)
                data = stub.raw if stub.raw is not None else json.dumps({
                    "id": "chatcmpl-1", "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": stub.reply},
                                 "finish_reason": "stop"}]}, ensure_ascii=False).encode()
                try:
                    self.send_response(stub.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (the timeout test)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True  # closing does not wait for a handler still sleeping
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> ChatStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_stub_speaks_the_protocol():
    """The stand-in itself (the services' tests rely on it): a POST gets a chat-completions reply."""
    import urllib.request

    with ChatStub() as stub:
        req = urllib.request.Request(f"{stub.base}/chat/completions", data=b'{"model": "m"}',  # noqa: S310
                                     method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=2) as response:  # noqa: S310 (a local test server)
            reply = json.loads(response.read())
    assert reply["choices"][0]["message"]["content"] == stub.reply
    assert stub.requests[0]["json"] == {"model": "m"}
