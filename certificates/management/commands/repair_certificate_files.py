"""After restoring the database and the private files from backups taken at different moments, a
certificate may name a PDF that is not there. This clears those names and queues the renders."""

from django.core.management.base import BaseCommand

from certificates.models import Certificate
from certificates.tasks import render_certificate_pdf_task


class Command(BaseCommand):
    help = "Find certificates whose PDF is missing from private storage and render them again."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, dry_run=False, **options):
        missing = [
            certificate.pk
            for certificate in Certificate.objects.exclude(pdf="").only("pk", "pdf").iterator(chunk_size=2000)
            if not certificate.pdf.storage.exists(certificate.pdf.name)
        ]
        if not dry_run:
            Certificate.objects.filter(pk__in=missing).update(pdf="")
            for certificate_id in missing:
                render_certificate_pdf_task.delay_on_commit(certificate_id)
        verb = "would be rendered again" if dry_run else "queued to render again"
        self.stdout.write(f"{len(missing)} certificate PDFs missing from private storage; {verb}.")
