"""`make messages` keeps every translation the catalogues hold.

makemessages (xgettext) finds a msgid only where it is a literal in a gettext call: a msgid
passed through a helper, or a call inside an f-string's expression, is invisible to it, so
the next `make messages` would drop that msgid's translation while the code still asks for
it (markup built in Python is where this happens). Here makemessages runs on a copy of the
tracked files, and no msgid of today's catalogues may be missing from what it writes.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALES = ("zh_Hans", "en")
_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$')


def msgids(po: Path) -> set[tuple[str | None, str]]:
    """The (context, msgid) pairs of a .po file, the header's empty msgid left out."""
    found = set()
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if match := _LINE.match(line):
                key, entry[key] = match.group(1), match.group(2)
            elif line.startswith('"') and key:
                entry[key] += line[1:-1]
        if entry.get("msgid"):
            found.add((entry.get("msgctxt"), entry["msgid"]))
    return found


def tracked_copy(destination: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=settings.BASE_DIR, capture_output=True, check=True
    )
    for name in listed.stdout.decode().split("\0"):
        source = settings.BASE_DIR / name
        if name and source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("git") is None,
    reason="needs GNU gettext's xgettext and a git checkout",
)
def test_make_messages_drops_no_translation(tmp_path):
    if not (settings.BASE_DIR / ".git").exists():
        pytest.skip("not a git checkout")
    tracked_copy(tmp_path)
    locales = [argument for locale in LOCALES for argument in ("--locale", locale)]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *locales, "--ignore=.venv",
         "--ignore=bench", "--no-obsolete"],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip
    for locale in LOCALES:
        po = Path("locale") / locale / "LC_MESSAGES" / "django.po"
        dropped = msgids(settings.BASE_DIR / po) - msgids(tmp_path / po)
        assert not dropped, f"make messages would drop from {locale}: {sorted(dropped, key=str)}"
