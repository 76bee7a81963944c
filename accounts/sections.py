"""Forms on the account page that other apps own (e.g. practice's desired retention).

An app registers an `AccountSection` in its AppConfig.ready; the account page shows each one
and posts it to /account/<key>/. This app imports none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class AccountSection:
    key: str  # the address /account/<key>/, and the URL name accounts:<key>
    template: str  # an include-only template; it gets `form` and `action`
    # form(data=None, *, user): the section's form, bound to `data` on a POST.
    form: Callable[..., forms.Form]
    # save(form, *, user): stores a valid form's data; returns the message to show.
    save: Callable[..., str]


_sections: dict[str, AccountSection] = {}


def register_section(section: AccountSection) -> None:
    _sections[section.key] = section


def all_sections() -> list[AccountSection]:
    return list(_sections.values())


def get_section(key: str) -> AccountSection:
    return _sections[key]
