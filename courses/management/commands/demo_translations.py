from django.core.management.base import BaseCommand

from courses.translation_demo import export_po_files


class Command(BaseCommand):
    help = (
        "Write the PO files of the demo module's translations (content/translations/) for translators, "
        "keeping every string already translated."
    )

    def handle(self, *args, **options):
        for path in export_po_files():
            self.stdout.write(str(path))
