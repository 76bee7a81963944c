"""Production static files: hashed ES modules load hashed modules, hashed CSS hashed parts."""

import json
import posixpath
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.storage.StaticFilesStorage"},
}
IMPORT = re.compile(r"""^import .* from "(?P<url>[^"]+)";$""", re.MULTILINE)
CSS_IMPORT = re.compile(r"""^@import url\("(?P<url>[^"]+)"\);$""", re.MULTILINE)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic once, as production runs it: {original name: hashed name} and the root."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES, DEBUG=False):
        call_command("collectstatic", "--noinput", verbosity=0)
    paths = json.loads((root / "staticfiles.json").read_text())["paths"]
    return paths, root


def hashed_references(pattern, collected, name):
    paths, root = collected
    text = (root / paths[name]).read_text(encoding="utf-8")
    return [match["url"] for match in pattern.finditer(text)]


@pytest.mark.slow
def test_hashed_main_module_imports_hashed_modules(collected):
    paths, root = collected
    imports = hashed_references(IMPORT, collected, "js/interview/main.js")
    assert imports, "main.js imports no module"
    modules = {name for name in paths if name.startswith("js/interview/")}
    hashed_modules = {paths[name].removeprefix("js/interview/") for name in modules}
    for url in imports:
        assert url.startswith("./") and url.removeprefix("./") in hashed_modules, url
    # And so on down: every module's imports (../local-drafts.js too) are hashed names that
    # exist.
    hashed_names = set(paths.values())
    for name in [*modules, "js/local-drafts.js"]:
        folder = posixpath.dirname(name)
        for url in hashed_references(IMPORT, collected, name):
            target = posixpath.normpath(posixpath.join(folder, url))
            assert (root / target).is_file(), (name, url)
            assert target in hashed_names, (name, url)


@pytest.mark.slow
def test_hashed_site_css_imports_hashed_parts(collected):
    paths, root = collected
    imports = hashed_references(CSS_IMPORT, collected, "css/site.css")
    parts = sorted(name for name in paths if name.startswith("css/site/"))
    assert len(imports) == len(parts)
    for url in imports:
        assert (root / "css" / url).is_file(), url
        assert f"css/{url}" in {paths[name] for name in parts}, url
