"""Small facts about text and languages that every app asks the same way."""


def typed_length(text: str) -> int:
    """Length as the browser's maxlength counts it: a CRLF line break is one character."""
    return len(text.replace("\r\n", "\n"))


def is_chinese(language: str | None) -> bool:
    """Whether a language code ("zh-hans", "zh-Hant", "zh") asks for the Chinese text."""
    return (language or "").lower().startswith("zh")
