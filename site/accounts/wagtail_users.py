"""Wagtail's users app with this project's user forms (a full name, no first and last name).

Wagtail 8 takes the admin's user forms from the user viewset, not from the WAGTAIL_USER_*_FORM
settings, so settings.INSTALLED_APPS names this app config in place of "wagtail.users".
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "eyesandears.accounts.viewsets.UserViewSet"
