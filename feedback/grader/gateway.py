"""The chat endpoint behind the grader: one POST to an OpenAI-compatible /chat/completions.

The key points are the rubric; the model answers in JSON, one verdict per point (covered,
partly, missing, wrong) with a quote from the answer. This module only talks and parses;
what is kept is decided by feedback.grader.services.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from feedback.grader.limits import GRADER_REPLY_MAX_BYTES, GRADER_TIMEOUT_SECONDS

VERDICTS = ("covered", "partly", "missing", "wrong")
PROMPT_VERSION = "2025-issue21-v1"
SYSTEM_PROMPT = (
    "You grade an interview answer against a rubric of numbered key points. For each key "
    "point decide: covered (the answer states it correctly), partly (states part of it), "
    "missing (does not state it), wrong (states it wrongly or denies it). A list of terms "
    "with no statement covers nothing. For every point that is not missing, copy a quote: "
    "the exact words of the answer, unchanged, that show your verdict. Reply with JSON only: "
    '{"points": [{"point": 1, "verdict": "covered", "quote": "..."}, ...]} with one entry '
    "per key point, in order. Write nothing else."
)


class GraderError(Exception):
    """The endpoint could not be reached, failed, timed out or replied with no verdicts."""


@dataclass(frozen=True)
class Verdict:
    point: int  # 1-based, in the rubric's order
    verdict: str
    quote: str


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = GRADER_TIMEOUT_SECONDS


def rubric(points: list[dict]) -> str:
    """The key points as numbered lines, both labels."""
    return "\n".join(
        f"{number}. {point['label_zh']} / {point['label_en']}"
        + (" (essential)" if point.get("essential") else "")
        for number, point in enumerate(points, start=1)
    )


def user_prompt(question: str, answer: str, points: list[dict]) -> str:
    """What is sent about one answer: the question, the rubric and the answer."""
    return f"Question:\n{question}\n\nKey points:\n{rubric(points)}\n\nAnswer:\n{answer}"


def grade(endpoint: Endpoint, *, prompt: str) -> list[Verdict]:
    """Ask the endpoint; the verdicts it gave (unchecked against the answer)."""
    body = {
        "model": endpoint.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": prompt},
        ],
        "response_format": {"type": "json_object"},
    }
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    request = urllib.request.Request(
        endpoint.base_url + "/chat/completions",
        data=json.dumps(body).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:  # noqa: S310
            raw = response.read(GRADER_REPLY_MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise GraderError(f"the endpoint answered {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise GraderError(f"the endpoint could not be reached: {error}") from error
    if len(raw) > GRADER_REPLY_MAX_BYTES:
        raise GraderError("the reply is too long")
    return parse_reply(raw)


def parse_reply(raw: bytes) -> list[Verdict]:
    """Verdicts from a chat-completions reply whose message content is our JSON."""
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
        data = json.loads(_strip_fence(content))
        entries = data["points"]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise GraderError("the reply is not the JSON asked for") from error
    verdicts = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        point, verdict, quote = entry.get("point"), entry.get("verdict"), entry.get("quote")
        if isinstance(point, int) and verdict in VERDICTS:
            verdicts.append(Verdict(point, verdict, quote if isinstance(quote, str) else ""))
    if not verdicts:
        raise GraderError("the reply holds no verdict")
    return verdicts


def _strip_fence(content: str) -> str:
    """Models often wrap JSON in a ```json fence despite being asked not to."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[-1].rsplit("```", 1)[0]
    return text
