"""The home page, filled by the apps that have something to show there.

One URL, two pages: the landing page for visitors and a signed-in user's own page. Each
is registered by the app that owns it in its AppConfig.ready (`questions.apps` registers
the landing page, `practice.apps` today's plan), so neither `core` nor `config` imports
them. A signed-in user sees the landing page when no app registered a page for them.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_cookie

View = Callable[[HttpRequest], HttpResponse]
_home_views: dict[bool, View] = {}


def register_home(view: View, *, signed_in: bool) -> None:
    """Show `view` on the home page to signed-in users (`signed_in=True`) or to visitors."""
    _home_views[signed_in] = view


def home_view(*, signed_in: bool) -> View | None:
    """The view the home page shows to signed-in users or to visitors, if any."""
    return _home_views.get(signed_in) or _home_views.get(False)


@require_safe
@vary_on_cookie
def home(request):
    """The registered page for this visitor; not found when no app registered one."""
    view = home_view(signed_in=request.user.is_authenticated)
    if view is None:
        raise Http404("No app shows a home page.")
    return view(request)
