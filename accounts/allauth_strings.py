"""allauth's and Django's own strings that our catalog words afresh.

Their Chinese says 您, Email and 电子邮件 where the rest of the site says 你 and 邮箱. Our
catalog (locale/) comes first in LOCALE_PATHS, so its translations win over the apps' own;
nothing imports this module, it is here so that `make messages` (makemessages
--no-obsolete) finds these strings in our code and keeps their entries. The mails are our own
templates (templates/account/email/). accounts/tests/test_allauth_wording.py checks that each
string is still one allauth or Django uses, and that the pages and mails read as ours.
"""

from django.utils.translation import gettext_noop as _

REWORDED = [
    # allauth's messages and form fields
    _("You cannot remove your primary email address."),
    _("This email address is already associated with this account."),
    _("The email address and/or password you specified are not correct."),
    _("A user is already registered with this email address."),
    _("Please type your current password."),
    _("The password reset token was invalid."),
    _("You cannot add more than %d email addresses."),
    _("The email address is not assigned to any user account."),
    _("Your primary email address must be verified."),
    _("Be patient, you are sending too many requests."),
    _("Use your password"),
    _("Mark selected email addresses as verified"),
    _("Email"),
    _("Email address"),
    _("Email (again)"),
    _("Email address confirmation"),
    _("Email (optional)"),
    _("You must type the same email each time."),
    _("email addresses"),
    _("email confirmation"),
    _("email confirmations"),
    # allauth's pages
    _("Please reauthenticate to safeguard your account."),
    _("Enter your password:"),
    _("Email Addresses"),
    _("The following email addresses are associated with your account:"),
    _("Primary"),
    _("Re-send Verification"),
    _("Add Email Address"),
    _("Add Email"),
    _("Do you really want to remove the selected email address?"),
    _("Email Address"),
    _("Current email"),
    _("Your email address is still pending verification."),
    _("Change Email"),
    _("Confirm Email Address"),
    _(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for '
        "user %(user_display)s."
    ),
    _(
        "This email confirmation link expired or is invalid. Please <a "
        'href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    _("Are you sure you want to sign out?"),
    _(
        "Forgotten your password? Enter your email address below, and we'll send you an email "
        "allowing you to reset it."
    ),
    _(
        "We have sent you an email. If you have not received it please check your spam folder. "
        "Otherwise contact us if you do not receive it in a few minutes."
    ),
    _("Your password is now changed."),
    _("You are already logged in as %(user_display)s."),
    _(
        "You currently do not have any email address set up. You should really add an email "
        "address so you can receive notifications, reset your password, etc."
    ),
    _("Verify Your Email Address"),
    _(
        "This part of the site requires us to verify that\nyou are who you claim to be. For "
        "this purpose, we require that you\nverify ownership of your email address. "
    ),
    _(
        "We have sent an email to you for\nverification. Please click on the link inside that "
        "email. If you do not see the verification email in your main inbox, check your spam "
        "folder. Otherwise\ncontact us if you do not receive it within a few minutes."
    ),
    _(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change your email '
        "address</a>."
    ),
    # allauth's banners
    _("You cannot remove your primary email address (%(email)s)."),
    _("You have confirmed %(email)s."),
    _("Removed email address %(email)s."),
    _("You have signed out."),
    _("Primary email address set."),
    # allauth's notification mails (their frame is templates/account/email/base_notification.txt)
    _("Your email has been changed from %(from_email)s to %(to_email)s."),
    _("Your email has been confirmed."),
    _("Email address %(deleted_email)s has been removed from your account."),
    _("Your password has been changed."),
    _("Your password has been reset."),
    _("Your password has been set."),
    # Django's form fields
    _("Enter a valid email address."),
]
