"""core's tests reuse the interview tests' frozen clock."""

from interview.tests.conftest import clock  # noqa: F401
