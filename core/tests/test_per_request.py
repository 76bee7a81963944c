"""The cheaper per-request tags (core/templatetags/per_request.py) give what the tags they
replace give."""

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _get_new_csrf_string,
    _unmask_cipher_token,
    rotate_token,
)
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.urls import reverse
from django_htmx.jinja import htmx_script

from core.templatetags.per_request import mask_secret


def test_a_masked_secret_unmasks_to_itself_with_a_fresh_mask_each_time():
    secret = _get_new_csrf_string()
    tokens = {mask_secret(secret) for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
    # Every character turns up in every position of the masks, as with Django's draw.
    masks = [token[:32] for token in tokens] + [mask_secret(secret)[:32] for _ in range(3000)]
    assert all(len({mask[i] for mask in masks}) == len(CSRF_ALLOWED_CHARS) for i in range(32))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("interview:submit", [12, 3]),
        ("interview:question", [1, 10]),
        ("questions:list", []),
        ("interview:review", [987654]),
        ("interview:attempts", ["a-slug"]),  # not a number: reversed as ever
    ],
)
def test_url_cached_is_url(name, args):
    template = Template(
        "{% load per_request %}{% url_cached name_literal a b c %}|"
        "{% url_cached name_literal a b c as kept %}{{ kept }}".replace(
            "name_literal a b c", f"'{name}'" + "".join(f" args.{i}" for i in range(len(args)))
        )
    )
    expected = reverse(name, args=args)
    for _ in range(2):
        assert template.render(Context({"args": args})) == f"{expected}|{expected}"


def test_url_cached_wants_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load per_request %}{% url_cached name %}")


@pytest.mark.parametrize("nonce", ["", "abc+/=", '"><b>', None])
def test_htmx_script_is_django_htmxs(nonce):
    template = Template("{% load per_request %}{% htmx_script %}")
    context = {} if nonce is None else {"csp_nonce": nonce}
    expected = htmx_script(nonce=nonce)
    for _ in range(2):
        assert template.render(Context(context)) == expected


def test_csrf_tags_without_a_request_render_as_djangos():
    for context in [{}, {"csrf_token": "NOTPROVIDED"}, {"csrf_token": "abc"}]:
        ours = Template("{% load per_request %}{% csrf_input %}|{% csrf_value %}")
        django = Template("{% csrf_token %}|{{ csrf_token }}")
        assert ours.render(Context(context)) == django.render(Context(context))


def test_a_request_without_a_csrf_cookie_gets_one(rf):
    request = rf.get("/")
    html = Template("{% load per_request %}{% csrf_value %}").render(RequestContext(request))
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    assert _unmask_cipher_token(html) == request.META["CSRF_COOKIE"]


@pytest.mark.parametrize("tag", ["csrf_input", "csrf_value"])
def test_once_refuses_the_cheaper_csrf_tags(tag):
    with pytest.raises(TemplateSyntaxError, match="per-request"):
        Template(f"{{% load once per_request %}}{{% once %}}{{% {tag} %}}{{% endonce %}}")


def test_a_rotated_secret_gets_a_token_of_its_own(rf):
    request = rf.get("/")
    template = Template("{% load per_request %}{% csrf_value %}")
    first = template.render(RequestContext(request))
    assert template.render(RequestContext(request)) == first  # one token a request
    rotate_token(request)  # signing in
    second = template.render(RequestContext(request))
    secret = request.META["CSRF_COOKIE"]
    assert _unmask_cipher_token(second) == secret != _unmask_cipher_token(first)


def test_a_plain_token_in_the_context_is_escaped_as_djangos_tag_escapes_it():
    context = {"csrf_token": '"><script>x</script>'}
    ours = Template("{% load per_request %}{% csrf_input %}").render(Context(context))
    assert ours == Template("{% csrf_token %}").render(Context(context))
    assert "<script>" not in ours
