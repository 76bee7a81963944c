"""Template context shared by every page."""


def csp_nonce(request):
    """Expose the CSP nonce as `csp_nonce`, the name django-htmx's tags look for."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
