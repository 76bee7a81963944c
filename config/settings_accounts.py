"""Accounts: the user model, sign-in with allauth, its rate limits, and mail."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import DEBUG, env_bool

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The first hashes new passwords (accounts/hashers.py says why); the others still read hashes
# stored before, which Django rewrites with the first at the owner's next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# A new account goes straight to the start form: there is no plan to show yet.
ACCOUNT_SIGNUP_REDIRECT_URL = "interview:start"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# django-allauth: sign in by email, no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Sign-up never signs anyone in before their address is confirmed, so it can answer the same
# whether or not the address has an account; the owner of an existing one gets a mail instead.
# allauth hides existing addresses only under "mandatory". Signing in later follows
# DJANGO_EMAIL_VERIFICATION (accounts.stages.EmailVerificationStage): by default an address
# must be confirmed too. Accounts from before that default were marked confirmed by
# accounts' migration 0004; staff made with createsuperuser (no address record) sign in.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
EMAIL_VERIFICATION_AT_SIGN_IN = os.environ.get("DJANGO_EMAIL_VERIFICATION", "mandatory")
if EMAIL_VERIFICATION_AT_SIGN_IN not in {"none", "optional", "mandatory"}:
    raise ImproperlyConfigured("DJANGO_EMAIL_VERIFICATION must be none, optional or mandatory.")
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Failed sign-ins: 10 a minute per address; 5 in 5 minutes per account. Anyone who knows an
# address can hold its account locked, so the owner's way in is a password reset: it clears
# the account's count (allauth does that) and signs them in.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_RATE_LIMITS = {
    # Every sign-in, right or wrong: a class behind one address (a school's NAT) signs in
    # together, so allauth's default of 30 a minute would turn most of it away.
    "login": "300/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_SESSION_REMEMBER = None

# Which address the rate limits count (allauth's and core.client.client_ip). 0: the socket's
# (REMOTE_ADDR). N > 0: behind N proxies of ours that each append to X-Forwarded-For, the
# Nth entry from the right, which our outermost proxy wrote; entries further left come from
# the client and can be forged. Or a header that our proxy always overwrites (X-Real-IP).
try:
    ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
except ValueError:
    ALLAUTH_TRUSTED_PROXY_COUNT = -1
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be a whole number, 0 or more.")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    os.environ.get("DJANGO_TRUSTED_CLIENT_IP_HEADER", "").strip() or None
)

# Email: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")
