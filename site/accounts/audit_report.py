"""Reports > Audit log: Wagtail's site history with the two things an administrator looking into who saw
whose records needs. Filter by the person who acted (the site history lists only people who edited pages,
so checks by managers and officers could not be picked), and search the words of an entry's name and
details, such as a check's id from a licensing record or an organisation's name."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import include, path, reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
    get_users_for_filter,
)
from wagtail.permission_policies import ModelPermissionPolicy

SEARCH_MAX = 100


def may_see_the_audit_log(user):
    return user.is_active and (user.is_superuser or user.has_perm("accounts.view_user"))


class AuditLogFilterSet(SiteHistoryReportFilterSet):
    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=SEARCH_MAX,
        help_text="Words in an entry's name or details, such as an organisation or the id of a check.",
    )

    def get_users_queryset(self):
        return get_users_for_filter(self.request.user)

    def filter_search(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        return queryset.filter(Q(label__icontains=words) | Q(data__icontains=words) | Q(action__icontains=words))

    class Meta(SiteHistoryReportFilterSet.Meta):
        pass


class AuditLogView(LogEntriesView):
    page_title = "Audit log"
    filterset_class = AuditLogFilterSet
    index_url_name = "accounts_audit_log:index"
    index_results_url_name = "accounts_audit_log:results"
    permission_policy = ModelPermissionPolicy(get_user_model())
    permission_required = "view"


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_the_audit_log(request.user)


def admin_urls():
    urls = [
        path("", AuditLogView.as_view(), name="index"),
        path("results/", AuditLogView.as_view(results_only=True), name="results"),
    ]
    return [path("reports/audit-log/", include((urls, "accounts_audit_log")))]


def menu_item():
    return AuditLogMenuItem("Audit log", reverse("accounts_audit_log:index"), icon_name="list-ul", order=1010)
