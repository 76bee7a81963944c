"""Views for core/tests/test_outage.py: a connection that goes away under a request, and
ordinary database errors that are no outage."""

from django.db import IntegrityError, OperationalError, connection
from django.http import HttpResponse
from django.urls import path


def drop_connection() -> None:
    """Close the connection under Django's feet, after this request's health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    connection.connection.close()


def query_after_drop(request):
    drop_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("unreachable")


def session_after_drop(request):
    """The view works; the session middleware's save afterwards fails."""
    drop_connection()
    request.session["seen"] = True
    return HttpResponse("saved?")


def terminated_by_server(request):
    """PostgreSQL ends this connection, as when the server is stopped."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        cursor.execute("SELECT 1")
    return HttpResponse("unreachable")


def integrity_error(request):
    raise IntegrityError("duplicate key value violates unique constraint")


def locked(request):
    raise OperationalError("database is locked")


# A root URLconf of its own (tests set ROOT_URLCONF to it); its 500 handler is the site's.
urlpatterns = [
    path("query-after-drop/", query_after_drop),
    path("session-after-drop/", session_after_drop),
    path("terminated/", terminated_by_server),
    path("integrity-error/", integrity_error),
    path("locked/", locked),
]

handler500 = "core.views.server_error"
