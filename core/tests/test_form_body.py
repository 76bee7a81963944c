"""core.form_body reads a urlencoded form as Django's QueryDict does."""

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.test import RequestFactory, override_settings

from core.form_body import parse_form, read_form

BODIES = [
    b"",
    b"&",
    b"&&a=1&&",
    b"a",
    b"a=",
    b"=b",
    b"=",
    b"a=b=c",
    b"a=1&a=2&b=3&a=4",
    b"text=LoRA+%E5%86%BB%E7%BB%93%20%2B+plus&revision=1765000000000",
    b"text=%",
    b"text=%%",
    b"text=%4",
    b"text=%4g%zz%GG%e5%86",
    b"text=100%25+sure%",
    b"text=%00nul%0A%0d",
    b"t%65xt=%E4%B8%AD&%E5%90%8D=%E5%80%BC",
    b"text=%E4%B8",  # a character cut in half: replaced
    b"text=%FF%FE",
    "text=中文%E4%B8%AD字".encode(),  # raw UTF-8 between escapes
    "text=%E4中%B8%AD".encode(),  # an escape split by a raw character
    b"text=\xff\xfe%41",  # not UTF-8: read as ISO-8859-1
    b"a+b=c+d&%2B=%2b",
    b"text=%5C%41%5cx41",  # escaped backslashes
    b"text=a\\b%41",  # a backslash sent as it is
    b"text=\\x41%41",  # one that would read as an escape
    b"text=%5C%5C%E4%B8%AD",
    b"beacon=1&text=&revision=",
]


@pytest.mark.parametrize("body", BODIES)
def test_parse_form_gives_what_querydict_gives(body):
    ours, django = parse_form(body), QueryDict(body, encoding="utf-8")
    assert list(ours.lists()) == list(django.lists())
    assert ours.encoding == django.encoding
    assert not ours._mutable
    with pytest.raises(AttributeError):
        ours["new"] = "refused, as Django's request.POST refuses it"


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3)
@pytest.mark.parametrize("body", [b"a=1&b=2&c=3&d=4", b"&&&", b"a=1&b=2&c=3"])
def test_too_many_fields_fail_as_in_django(body):
    try:
        expected = list(QueryDict(body, encoding="utf-8").lists())
    except TooManyFieldsSent:
        with pytest.raises(TooManyFieldsSent):
            parse_form(body)
    else:
        assert list(parse_form(body).lists()) == expected


def test_read_form_sets_the_requests_post_and_files():
    request = RequestFactory().post(
        "/x/", "text=%E4%B8%AD&text=2", content_type="application/x-www-form-urlencoded"
    )
    read_form(request)
    assert request.POST.getlist("text") == ["中", "2"]
    assert not request.FILES


def test_read_form_leaves_other_bodies_to_django():
    request = RequestFactory().post("/x/", {"text": "中"})  # multipart
    read_form(request)
    assert request.POST["text"] == "中"
