"""A browser's view of the cluster: one session through HAProxy, and which server answered."""

import os
import re

import requests

BASE = f"http://127.0.0.1:{os.environ.get('CLUSTER_PORT', '18000')}"
SERVERS = ("app1", "app2")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A requests session through the balancer that never follows redirects."""

    base = BASE

    def __init__(self):
        self.session = requests.Session()

    @staticmethod
    def token(html: str) -> str:
        """The start form's one-time token."""
        match = re.search(r'name="token" value="([^"]+)"', html)
        assert match, "no start token on the page"
        return match.group(1)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(BASE + path, allow_redirects=False, timeout=30, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        """A form POST, with the CSRF token of the cookie the site set."""
        data = {"csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""), **data}
        return self.session.post(
            BASE + path, data=data, allow_redirects=False, timeout=30, **kwargs
        )

    def get_on(self, server: str, path: str) -> requests.Response:
        """GET `path` until `server` answers it (round robin: within a few tries)."""
        for _ in range(2 * len(SERVERS) + 2):
            response = self.get(path)
            if served_by(response) == server:
                return response
        raise AssertionError(f"{server} never answered {path}")

    def sign_in(self, email: str, password: str, on: str | None = None) -> requests.Response:
        """Open the sign-in page and post the form; `on` a server, the page comes from the
        other one, so that round robin sends the form to `on`."""
        if on is None:
            page = self.get("/accounts/login/")
        else:
            page = self.get_on(
                next(server for server in SERVERS if server != on), "/accounts/login/"
            )
        assert page.status_code == 200
        return self.post("/accounts/login/", {"login": email, "password": password})


def served_by(response: requests.Response) -> str:
    """The app server HAProxy sent the request to (its X-Served-By header)."""
    return response.headers.get("X-Served-By", "")
