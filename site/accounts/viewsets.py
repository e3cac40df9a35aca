from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .wagtail_forms import WagtailUserCreationForm, WagtailUserEditForm


class UserViewSet(WagtailUserViewSet):
    """The admin's Users pages, with the forms for this user model. Adding, changing and deleting a user
    is recorded in the audit log by Wagtail's generic views."""

    def get_form_class(self, for_update=False):
        return WagtailUserEditForm if for_update else WagtailUserCreationForm
