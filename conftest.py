"""Fixtures every app's tests use (a frozen clock, signed-in users); `--ignore` for test paths.

pytest-django's `client` is left as it is (the site's default language, Chinese); apps
whose tests read the English wording override it in their own conftest.
"""

import pytest
import time_machine

from accounts.tests.factories import UserFactory
from questions import generation
from testsupport import START, english_client


@pytest.fixture(autouse=True)
def _bank_kept_afresh():
    """Each test starts with nothing kept under the bank's generation: a test's rolled-back
    bank must not be read back from what another test left."""
    generation.forget()


@pytest.fixture
def clock():
    """Time stands still at START until the test shifts it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def login(clock):
    """Make a new client (a browser tab of its own) signed in as the given user."""

    def signed_in(user, **kwargs):
        client = english_client(**kwargs)
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def user_client(login, user):
    return login(user)


def pytest_configure(config):
    """`--ignore=browser_tests` leaves the browser tests out, as it says.

    pytest never ignores a path it was asked to collect (pytest-dev/pytest#8907), and the
    `testpaths` in pyproject.toml are such paths; so an ignored test path is dropped from
    them here. Paths typed on the command line are left as they are.
    """
    if config.args_source is not pytest.Config.ArgsSource.TESTPATHS:
        return
    here = config.invocation_params.dir
    ignored = {(here / path).resolve() for path in config.getoption("ignore") or []}
    config.args[:] = [arg for arg in config.args if (here / arg).resolve() not in ignored]
