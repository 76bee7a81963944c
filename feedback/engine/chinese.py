"""Traditional → simplified Chinese with OpenCC's "t2s", every character kept in its place.

Folding (`feedback.engine.normalize`) ends with this, so an answer in traditional
characters matches aliases in simplified ones and highlights the characters typed.
"""

import json
import re
from functools import cache
from pathlib import Path

import opencc

OPENCC_CONFIG = "t2s"
# Every t2s dictionary key consists of these ideographs only (checked by a test), so a run
# of them can be converted on its own without changing what OpenCC would match.
CJK_CHAR = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
CJK_RUN = re.compile(CJK_CHAR + "+")


@cache
def _converter() -> opencc.OpenCC:
    """The OpenCC converter, built once: loading its dictionaries takes a while."""
    return opencc.OpenCC(OPENCC_CONFIG)


def _dictionary_entries(name: str) -> list[tuple[str, str]]:
    """(traditional, simplified) pairs of one OpenCC dictionary, first candidate only."""
    path = Path(opencc.__file__).parent / "dictionary" / name
    return [
        (key, values.split(" ")[0])
        for key, values in (line.split("\t") for line in path.read_text("utf-8").splitlines())
    ]


def t2s_entries() -> list[tuple[str, str]]:
    """Every (traditional, simplified) pair of the t2s configuration's dictionaries."""
    config_path = Path(opencc.__file__).parent / "config" / f"{OPENCC_CONFIG}.json"
    chains = json.loads(config_path.read_text("utf-8"))["conversion_chain"]
    names = [item["file"] for chain in chains for item in chain["dict"]["dicts"]]
    return [entry for name in names for entry in _dictionary_entries(name)]


@cache
def _changing_chars() -> re.Pattern:
    """Characters whose presence means a run of ideographs may convert to something else.

    Those a single-character entry changes, and, for a phrase entry that changes none of
    those (瞭解 → 了解), the characters it changes. A phrase like 么麼 → 幺麽 holds 麼, so
    么, common in simplified text (什么), need not trigger anything. Beyond the Basic
    Multilingual Plane every ideograph counts (CJK_CHAR's range there, which holds all 354
    such keys: listing them makes `re` 100 times slower, and converting a run too many is
    harmless); emoji and other astral characters never do.
    """
    entries = t2s_entries()
    changing = {key for key, value in entries if len(key) == 1 and key != value}
    for key, value in entries:
        if len(key) > 1 and not changing.intersection(key):
            changing.update(k for k, v in zip(key, value, strict=False) if k != v)
    bmp = "".join(sorted(char for char in changing if ord(char) <= 0xFFFF))
    return re.compile(f"[{bmp}\\U00020000-\\U0003134f]")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese with OpenCC, keeping every character in its place.

    OpenCC in pure Python takes ~20 ms per 20,000 characters, so only the runs of
    ideographs around a character it would change are converted. Every t2s entry maps to a
    string of the same length (checked by a test); should one ever not, that run falls
    back to character-by-character conversion so the index map stays valid.
    """
    pieces = []
    done = 0
    for hit in _changing_chars().finditer(text):
        if hit.start() < done:
            continue  # in the run just converted
        start = hit.start()
        while start > done and CJK_RUN.match(text[start - 1]):
            start -= 1
        run = CJK_RUN.match(text, hit.start())
        end = run.end() if run else hit.end()
        pieces += [text[done:start], _convert_run(text[start:end])]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def _convert_run(run: str) -> str:
    """Convert a run of ideographs, character by character should its length change."""
    converter = _converter()
    converted = converter.convert(run)
    if len(converted) == len(run):
        return converted
    return "".join(new if len(new := converter.convert(char)) == 1 else char for char in run)
