"""The optional model: an OpenAI-compatible chat-completions endpoint (e.g. one the county runs), set by the
environment (read on each call, so tests and operators change it without a restart):

- XINHUO_ASSISTANT_URL     the API's base URL; the request goes to {base}/chat/completions. Unset: no model.
- XINHUO_ASSISTANT_MODEL   the model's name (sent as "model").
- XINHUO_ASSISTANT_KEY     the API key, sent as "Authorization: Bearer <key>" (optional).
- XINHUO_ASSISTANT_TIMEOUT seconds to wait for the whole answer (default 8).

The model receives only the numbered library passages and the question (the question already checked for personal
numbers and crisis words), never anything about a student. Standard library only: no new dependency."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

DEFAULT_TIMEOUT = 8.0
MAX_ANSWER = 4000

# The model's instructions are in Chinese: the answers are for a Chinese school, whatever the UI's language.
SYSTEM_PROMPT = (
    "你是学校关工委的德育助手。只能根据下面编号的资料回答问题，不要使用资料以外的知识，不要编造。"
    "每句引用资料的话后面用方括号标出资料编号，例如 [1]、[2]。"
    "如果资料不足以回答，就直接说明资料中没有相关内容。回答简洁、具体、可操作，使用简体中文。"
)


class ModelError(Exception):
    """Why the model's answer could not be used (the log keeps the message)."""


@dataclass(frozen=True)
class Config:
    url: str
    model: str
    key: str
    timeout: float


def config() -> Config | None:
    base = os.environ.get("XINHUO_ASSISTANT_URL", "").strip().rstrip("/")
    if not base.startswith(("http://", "https://")):  # unset, or a scheme urllib must not open (file:, ftp:)
        return None
    try:
        timeout = float(os.environ.get("XINHUO_ASSISTANT_TIMEOUT", "") or DEFAULT_TIMEOUT)
    except ValueError:
        timeout = DEFAULT_TIMEOUT
    return Config(url=f"{base}/chat/completions", model=os.environ.get("XINHUO_ASSISTANT_MODEL", "").strip(),
                  key=os.environ.get("XINHUO_ASSISTANT_KEY", "").strip(), timeout=max(timeout, 0.1))


def messages(passages: list[tuple[int, str, str]], question: str) -> list[dict]:
    """passages: (number, title, text). The user message lists them, then asks the question."""
    sources = "\n\n".join(f"[{n}] 《{title}》\n{text}" for n, title, text in passages)
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"资料：\n{sources}\n\n问题：{question}"}]


def complete(cfg: Config, chat: list[dict]) -> str:
    """The model's answer, or ModelError (timeout, HTTP error, a reply that is not the protocol's)."""
    payload = json.dumps({"model": cfg.model, "messages": chat, "temperature": 0.2, "stream": False},
                         ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if cfg.key:
        headers["Authorization"] = f"Bearer {cfg.key}"
    request = urllib.request.Request(cfg.url, data=payload, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=cfg.timeout) as response:  # noqa: S310 (http(s) only: config)
            raw = response.read(200_000)
    except urllib.error.HTTPError as exc:
        raise ModelError(f"HTTP {exc.code}") from exc
    except TimeoutError as exc:
        raise ModelError("timeout") from exc
    except urllib.error.URLError as exc:
        reason = "timeout" if isinstance(exc.reason, TimeoutError) else str(exc.reason)[:150]
        raise ModelError(reason) from exc
    except OSError as exc:
        raise ModelError(type(exc).__name__) from exc
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ModelError("bad reply") from exc
    if not isinstance(content, str) or not content.strip():
        raise ModelError("empty reply")
    return content.strip()[:MAX_ANSWER]
