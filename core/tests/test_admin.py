"""The admin as an editor meets it: named after the site, in both languages, with its icon."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "header"), [("en", "Mock Interview admin"), ("zh-hans", "模拟面试管理")]
)
def test_the_admin_is_branded_as_the_site(admin_client, language, header):
    content = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
    html = content.content.decode()
    assert f'<div id="site-name"><a href="/admin/">{header}</a></div>' in html
    assert f"| {header}</title>" in html
    assert "Django" not in html


def test_the_two_account_groups_have_names_of_their_own(admin_client):
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    groups = [app["name"] for app in response.context["app_list"]]
    assert len(groups) == len(set(groups))
    assert {"用户账号", "邮箱地址"} <= set(groups)


def test_admin_pages_name_the_site_icon(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"


def test_the_tag_picker_reads_as_chinese_in_chinese(admin_client):
    """Django's zh_Hans catalogue lacks the picker's newer strings: ours fills them in."""
    catalog = admin_client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    script = catalog.content.decode()
    for translated in ("选中要添加的%s，再点击“添加”箭头按钮。", "添加选中的%s", "可选%s"):
        assert json.dumps(translated) in script  # the catalogue is JSON with \u escapes
