"""Serving figures: public like the bank they illustrate, and never sniffed as anything else."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from questions.figures import Figure

# A figure's address names its uuid, and its bytes never change: cache it for a year.
FIGURE_CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_safe
def figure_file(request, figure_id, extension):
    """Stream one figure from storage with its sniffed content type."""
    figure = get_object_or_404(Figure, pk=figure_id)
    if figure.extension != f".{extension}":
        raise Http404("No figure with that address.")
    try:
        stream = figure.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The figure's file is missing.") from error
    response = FileResponse(stream, content_type=figure.content_type)
    response["Content-Length"] = str(figure.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = FIGURE_CACHE_CONTROL
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
