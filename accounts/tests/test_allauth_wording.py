"""allauth's pages and mails speak like the rest of the site: 你 and 邮箱 in Chinese, never
您, Email or 电子邮件, and the site's name (settings.SITE_NAME) rather than the host's."""

import gettext
import re
from pathlib import Path

import allauth
import django
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from accounts.allauth_strings import REWORDED
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# Words allauth's and Django's own Chinese use where ours say 你 and 邮箱.
FOREIGN = re.compile(r"您|Email|电子邮件|E-mail")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts sign-ups, resets and failed logins in the cache, which outlives a test.
    cache.clear()


def chinese_client() -> Client:
    return Client(headers={"accept-language": "zh-hans"})


def english_client() -> Client:
    return Client(headers={"accept-language": "en"})


def foreign_words(text: str) -> list[str]:
    """Each foreign word with a little of its surroundings, to say where it was."""
    return [text[max(0, m.start() - 20) : m.end() + 20] for m in FOREIGN.finditer(text)]


def link_in(mail, path: str) -> str:
    return re.search(rf"http://testserver({re.escape(path)}\S+)", mail.body)[1]


def sign_up(client, email="new@example.com"):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


# Pages


ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/inactive/",
    "/accounts/login/code/confirm/",
]
SIGNED_IN_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_allauth_pages_speak_like_the_site_in_chinese(path):
    response = chinese_client().get(path, follow=True)
    assert response.status_code == 200
    assert foreign_words(response.content.decode()) == []


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_allauth_account_pages_speak_like_the_site_in_chinese(path):
    client = chinese_client()
    client.force_login(UserFactory())
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert foreign_words(response.content.decode()) == []


def test_allauth_errors_and_banners_speak_like_the_site_in_chinese(mailoutbox):
    client = chinese_client()
    pages = [
        client.post("/accounts/login/", {"login": "x@example.com", "password": "wrong"}),
        client.post("/accounts/signup/", {"email": "no", "password1": "a", "password2": "b"}),
        client.post("/accounts/password/reset/", {"email": "no"}),
    ]
    sign_up(client)
    confirm = link_in(mailoutbox[0], "/accounts/confirm-email/")
    pages.append(client.get(confirm))  # "confirm that … is your address"
    pages.append(client.post(confirm, follow=True))  # signed in, with "you have confirmed"
    pages.append(client.post("/accounts/email/", {"email": "bad", "action_add": ""}))
    html = "".join(page.content.decode() for page in pages)
    assert "邮箱或密码不正确。" in html  # allauth's "您提供的电子邮件地址和/或密码不正确"
    assert "请输入有效的邮箱地址。" in html  # Django's "输入一个有效的 Email 地址"
    assert "你已确认邮箱 new@example.com。" in html
    assert foreign_words(html) == []


def test_the_password_reset_link_opens_a_page_in_the_site_s_words(mailoutbox):
    user = UserFactory()
    client = chinese_client()
    client.post("/accounts/password/reset/", {"email": user.email})
    response = client.get(link_in(mailoutbox[0], "/accounts/password/reset/key/"), follow=True)
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()
    assert foreign_words(response.content.decode()) == []


def test_allauth_pages_carry_the_site_name_in_either_language():
    html = chinese_client().get("/accounts/login/").content.decode()
    assert re.search(r"<title>\s*登录\s*· 模拟面试</title>", html)
    html = english_client().get("/accounts/login/").content.decode()
    assert re.search(r"<title>\s*Sign In\s*· Mock Interview</title>", html)
    assert "<span>Mock Interview</span>" in html  # the header's name


def test_every_reworded_string_is_one_allauth_or_django_uses_and_reads_as_ours():
    catalogs = {}
    for package in (allauth, django):
        root = Path(package.__file__).parent
        for mo in [*root.glob("locale/zh_Hans/LC_MESSAGES/django.mo")] + [
            *root.glob("conf/locale/zh_Hans/LC_MESSAGES/django.mo")
        ]:
            with mo.open("rb") as file:
                catalogs |= gettext.GNUTranslations(file)._catalog
    ours = gettext.translation("django", settings.LOCALE_PATHS[0], languages=["zh_Hans"])
    for msgid in REWORDED:
        assert msgid in catalogs, f"{msgid!r} is no longer allauth's or Django's"
        assert ours.gettext(msgid) != msgid, f"{msgid!r} has no Chinese of ours"
        assert not FOREIGN.search(ours.gettext(msgid)), msgid


# Mails


def test_the_sign_up_mail_in_chinese_names_the_site_and_says_你_and_邮箱(mailoutbox):
    sign_up(chinese_client())
    [mail] = mailoutbox
    assert mail.subject == "模拟面试：确认邮箱，完成注册"
    assert mail.body.startswith(
        "你好！\n\n欢迎来到模拟面试！有人（希望是你）用这个邮箱注册了账号。"
    )
    assert "http://testserver/accounts/confirm-email/" in mail.body
    assert mail.body.endswith("—— 模拟面试\nhttp://testserver/")
    assert foreign_words(mail.subject + mail.body) == []
    assert "Hello" not in mail.body


def test_the_sign_up_mail_in_english_names_the_site(mailoutbox):
    sign_up(english_client())
    [mail] = mailoutbox
    assert mail.subject == "Mock Interview: confirm your email address to finish signing up"
    assert mail.body.startswith(
        "Hello,\n\nWelcome to Mock Interview! Someone, hopefully you, signed up with this "
        "email address.\n\nTo confirm it, open this link:\n\nhttp://testserver/accounts/"
    )
    assert mail.body.endswith("— Mock Interview\nhttp://testserver/")
    assert "Hello from" not in mail.body and "testserver!" not in mail.body


@pytest.mark.parametrize(
    ("client", "subject", "opening", "closing"),
    [
        (
            chinese_client,
            "模拟面试：设置新密码",
            "你好！\n\n有人（希望是你）申请重置你在模拟面试的账号密码。打开下面的链接设置新密码：",
            "如果不是你，忽略这封邮件即可：你的密码不会改变。\n\n—— 模拟面试",
        ),
        (
            english_client,
            "Mock Interview: choose a new password",
            "Hello,\n\nSomeone, hopefully you, asked to reset the password of your account on "
            "Mock Interview. To choose a new password, open this link:",
            "If it was not you, ignore this mail: your password stays as it is.\n\n"
            "— Mock Interview",
        ),
    ],
    ids=["zh", "en"],
)
def test_the_password_reset_mail_names_the_site(mailoutbox, client, subject, opening, closing):
    user = UserFactory()
    client().post("/accounts/password/reset/", {"email": user.email})
    [mail] = mailoutbox
    assert mail.subject == subject
    assert mail.body.startswith(opening)
    assert "http://testserver/accounts/password/reset/key/" in mail.body
    assert closing in mail.body
    assert foreign_words(mail.subject + mail.body) == []


def test_mails_about_unknown_and_taken_addresses_speak_like_the_site(mailoutbox):
    client = chinese_client()
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    sign_up(client, UserFactory().email)
    unknown, taken = mailoutbox
    assert unknown.subject == "模拟面试：这个邮箱还没有账号"
    assert "（nobody@example.com）" in unknown.body
    assert "http://testserver/accounts/signup/" in unknown.body
    assert taken.subject == "模拟面试：这个邮箱已经注册过"
    assert "http://testserver/accounts/password/reset/" in taken.body
    for mail in mailoutbox:
        assert foreign_words(mail.subject + mail.body) == []
        assert mail.body.startswith("你好！")


@override_settings(SITE_NAME="Interview Gym")
def test_the_site_name_comes_from_settings(mailoutbox):
    client = english_client()
    assert "<span>Interview Gym</span>" in client.get("/accounts/signup/").content.decode()
    sign_up(client)
    [mail] = mailoutbox
    assert mail.subject.startswith("Interview Gym: ")
    assert "Welcome to Interview Gym!" in mail.body
