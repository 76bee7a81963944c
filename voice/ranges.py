"""HTTP Range requests for one byte range (what `<audio>` asks for to seek)."""

UNSATISFIABLE = "unsatisfiable"


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def parse_range(header: str | None, size: int):
    """(first, last) byte of a single satisfiable range; UNSATISFIABLE; or None to send the
    whole file (no header, several ranges, or one that does not parse: RFC 9110 lets a
    server ignore those)."""
    if not header or not header.startswith("bytes="):
        return None
    spec = header[len("bytes=") :]
    if "," in spec or "-" not in spec:
        return None
    first_text, last_text = spec.split("-", 1)
    first, last = _number(first_text), _number(last_text)
    if first_text.strip() == "":
        if last is None:
            return None
        if last == 0 or size == 0:
            return UNSATISFIABLE
        return max(0, size - last), size - 1
    if first is None or (last_text.strip() and (last is None or last < first)):
        return None
    if first >= size:
        return UNSATISFIABLE
    return first, size - 1 if last is None else min(last, size - 1)
