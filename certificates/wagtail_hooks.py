from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import Certificate
from .viewsets import CertificateViewSet, ReadOnlyPermissionPolicy

register_permission_policy(Certificate, ReadOnlyPermissionPolicy(Certificate))
certificate_viewset = CertificateViewSet("issued_certificates")


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return certificate_viewset


@hooks.register("register_admin_urls")
def register_revoke_url():
    urls = [path("revoke/", admin_views.revoke, name="revoke")]
    return [path("certificates-revoke/", include((urls, "certificates_admin")))]


class RevokeMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("certificates.revoke_certificate")


@hooks.register("register_admin_menu_item")
def register_revoke_menu_item():
    return RevokeMenuItem("Revoke a certificate", reverse("certificates_admin:revoke"), icon_name="cross", order=221)


@hooks.register("quiz_pass_links")
def link_to_the_certificate(attempt):
    certificate = Certificate.objects.filter(attempt=attempt).only("public_id").first()
    if certificate:
        return (_("View and download your certificate"), reverse("certificates:detail", args=[certificate.public_id]))
    return None


@hooks.register("your_training_links")
def link_to_your_certificates(user):
    return (_("Your certificates"), reverse("certificates:list"))


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action("certificates.revoke", "Revoke certificate", "Certificate revoked")
