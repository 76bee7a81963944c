"""Static files storage for production: hashed names, compressed copies, and hashed names
inside our JavaScript modules too."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Our own scripts (static/js/, ES modules in static/js/<feature>/). fnmatch's * crosses "/".
OWN_SCRIPTS = "js/*.js"


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's storage, also rewriting `import … from "./x.js";` in our ES modules, so
    a hashed module loads its hashed neighbours. CSS url() and @import are rewritten anyway.

    Django's `support_js_module_import_aggregation = True` would rewrite every .js file,
    and fails on a third party's: django-htmx's extensions name `import("../htmx")` in
    JSDoc comments, a file that does not exist. So the same patterns apply to ours only.
    """

    patterns = CompressedManifestStaticFilesStorage.patterns + (
        (
            OWN_SCRIPTS,
            CompressedManifestStaticFilesStorage._js_module_import_aggregation_patterns[1],
        ),
    )
