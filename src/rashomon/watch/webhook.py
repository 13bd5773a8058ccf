"""Webhooks: the developments not yet delivered, POSTed as JSON to the ``watch_webhook`` URL in batches, with
retries; what cannot be delivered stays for the next round."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from rashomon.settings import Settings
from rashomon.store.watch import WatchStore

# Deliveries: developments per POST, and the first pause between attempts (doubled each time).
WEBHOOK_BATCH = 100
WEBHOOK_PAUSE = 0.5


def deliver(watched: WatchStore, settings: Settings, problems: list[tuple[str, str]],
            transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] | None = None) -> int:
    """POST what is not delivered yet; returns how many were delivered (a failure is added to ``problems``)."""
    url = settings.watch_webhook
    if not url:
        watched.mark_all_delivered()  # a webhook set later gets what is new from then on
        return 0
    delivered = 0
    while batch := watched.undelivered(WEBHOOK_BATCH):
        if not _post(url, {"developments": [d.to_dict() for d in batch]}, settings, problems, transport, sleep):
            break
        watched.mark_delivered([d.id for d in batch if d.id is not None])
        delivered += len(batch)
    return delivered


def _post(url: str, body: dict[str, Any], settings: Settings, problems: list[tuple[str, str]],
          transport: httpx.BaseTransport | None, sleep: Callable[[float], None] | None) -> bool:
    pause, reason = WEBHOOK_PAUSE, ""
    headers = {"User-Agent": settings.http_user_agent, "Content-Type": "application/json"}
    for attempt in range(1, settings.watch_webhook_retries + 2):
        try:
            with httpx.Client(timeout=settings.http_timeout, transport=transport) as client:
                answer = client.post(url, content=json.dumps(body, ensure_ascii=False).encode(), headers=headers)
            if answer.status_code < 400:
                return True
            reason = f"HTTP {answer.status_code}"
        except httpx.HTTPError as exc:
            reason = f"{type(exc).__name__}: {exc}"
        if attempt <= settings.watch_webhook_retries and sleep is not None:
            sleep(pause)
            pause *= 2
    problems.append((url, f"webhook not delivered after {settings.watch_webhook_retries + 1} attempts ({reason}); "
                          "tried again next round"))
    return False
