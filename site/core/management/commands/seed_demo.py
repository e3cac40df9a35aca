from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from eyesandears.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo council, its training modules and demo accounts. Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo loads demo accounts with a known password; it runs only with DEBUG on.")
        accounts = []
        for dotted_path in settings.DEMO_SEEDERS:
            accounts.extend(import_string(dotted_path)() or [])
        self.stdout.write(self.style.SUCCESS("Demo council loaded. Sign in at http://127.0.0.1:8000/accounts/login/"))
        self.stdout.write(f"Every demo account has the password: {DEMO_PASSWORD}")
        for email, what in accounts:
            self.stdout.write(f"  {email:<26} {what}")
