from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the certificate to a passing attempt
