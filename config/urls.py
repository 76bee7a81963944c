from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from core import pages, views

# The admin's own login form has no rate limit; send admin sign-in through allauth's
# (rate-limited) login page instead, and refuse signed-in users who are not staff.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", views.readyz, name="readyz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("theme/", views.theme_set, name="theme"),
    path("questions/", include("questions.urls")),
    path("figures/", include("questions.figure_urls")),
    path("", include("interview.urls")),
    path("", include("practice.urls")),
    path("", include("banks.urls")),
    path("voice/", include("voice.urls")),
    path("", include("feedback.urls")),
    path("account/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.bad_request"
handler500 = "core.views.server_error"
