"""The unsubscribe link's token: the learner's random preference key, signed. It names nobody, and
changing any character of it makes it invalid."""

from django.core import signing

SALT = "briefings.unsubscribe"


def unsubscribe_token(preference):
    return signing.Signer(salt=SALT).sign(preference.key)


def key_from_token(token):
    """The preference key the token was made for; BadSignature if it was not made here, or was altered."""
    return signing.Signer(salt=SALT).unsign(token)
