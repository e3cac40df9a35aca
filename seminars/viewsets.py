from django.db import transaction
from django.db.models import Count, Q
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from . import services
from .choices import BookingStatus
from .models import Seminar


class PlacesColumn(Column):
    def get_value(self, instance):
        return f"{instance.places_taken} of {instance.capacity} ({instance.places_waiting} waiting)"


class RegisterColumn(Column):
    cell_template_name = "seminars/admin/register_cell.html"


class SeminarIndexView(IndexView):
    default_ordering = "-starts_at"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(
            places_taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)),
            places_waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
        )


class SeminarEditView(EditView):
    def form_valid(self, form):
        with transaction.atomic():
            try:
                services.seminar_lock_for_capacity(seminar_id=self.object.pk, capacity=form.cleaned_data["capacity"])
            except services.TooFewPlaces as refusal:
                form.add_error("capacity", str(refusal))
                self.produced_error_message = self.get_error_message()
                return self.form_invalid(form)
            return super().form_valid(form)

    def save_instance(self):
        seminar = super().save_instance()
        services.seminar_fill_places(seminar_id=seminar.pk)  # more places: those waiting get them
        return seminar


class SeminarViewSet(ModelViewSet):
    """The CSE co-ordinator's seminars: editors and moderators add them, open them for booking, and keep
    their registers (the register itself is on the site, so that it works on a phone)."""

    model = Seminar
    url_prefix = "seminars"
    url_namespace = "seminars_admin"  # "seminars" is the site's own pages
    icon = "date"
    menu_label = "Seminars"
    menu_order = 230
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = SeminarIndexView
    edit_view_class = SeminarEditView
    list_display = ["title", "starts_at", "format", PlacesColumn("places"), "is_published", RegisterColumn("register")]
    list_filter = ["is_published", "format"]
    search_fields = ["title"]
