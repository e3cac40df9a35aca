"""After the load: has anything been lost? Run by bench/soak/run.py with the servers' settings and database.

First it waits (up to SOAK_DRAIN_TIMEOUT seconds) for the Celery workers to drain: nothing queued or unacked
in Redis and no certificate without its PDF. Then, for the simulated learners (soak-learner-*):

- every passing attempt has exactly one certificate, and every certificate belongs to a passing attempt of
  its learner, on the quiz of its course;
- every certificate has its PDF stored (a file in the private storage that is a PDF), and the private
  certificates folder holds exactly one file per certificate (two renders of one certificate would leave a
  second file);
- every certificate's "issued" e-mail was delivered, once (the workers deliver into files in EMAIL_FILE_PATH);
- the load generator's journal agrees: each pass it saw (the result page said "You passed" and linked a
  certificate) is a passing attempt of that learner whose certificate is the one linked, each PDF it
  downloaded is that certificate's, and the database holds no pass or attempt it did not see finish.

Prints one line, `SOAK_RECONCILE {json}`, with the counts and a list of problems (empty when nothing is lost).
"""

import email
import email.policy
import json
import os
import time
from collections import Counter
from pathlib import Path

import django

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from quizzes.models import Attempt  # noqa: E402

LEARNERS = "soak-learner-"
ISSUED_SUBJECT = "Your certificate:"
MAIL_SEPARATOR = "-" * 79


def queued_work(client):
    """Tasks waiting in Celery's default queue and tasks a worker has taken but not acknowledged."""
    return client.llen("celery") + client.hlen("unacked")


def drain(timeout):
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    started = time.monotonic()
    deadline = started + timeout
    while True:
        waiting = queued_work(client)
        unrendered = Certificate.objects.filter(learner__email__startswith=LEARNERS, pdf="").count()
        if not waiting and not unrendered:
            return {"drained": True, "seconds": round(time.monotonic() - started, 1)}
        if time.monotonic() > deadline:
            return {"drained": False, "seconds": timeout, "tasks_waiting": waiting, "without_pdf": unrendered}
        time.sleep(1)


def read_journal(path):
    entries = {"passed": [], "pdf": [], "journey": []}
    with open(path) as journal:
        for line in journal:
            entry = json.loads(line)
            entries[entry["event"]].append(entry)
    return entries


def delivered_mail(folder):
    """Recipients of the certificate e-mails in the file backend's folder (a message ends with 79 dashes)."""
    recipients = Counter()
    for path in Path(folder).glob("*"):
        for chunk in path.read_text(errors="replace").split(MAIL_SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip(), policy=email.policy.default)
            if ISSUED_SUBJECT in str(message.get("Subject", "")):
                recipients[str(message["To"])] += 1
    return recipients


def reconcile(journal_path, mail_folder):
    problems = []

    def problem(text, examples=()):
        examples = list(examples)[:5]
        problems.append(text + (f" (for example {examples})" if examples else ""))

    attempts = Attempt.objects.filter(user__email__startswith=LEARNERS)
    passing = attempts.filter(passed=True, submitted_at__isnull=False)
    certificates = Certificate.objects.filter(learner__email__startswith=LEARNERS).select_related("attempt")
    counts = {
        "attempts": attempts.count(),
        "attempts_open": attempts.filter(submitted_at__isnull=True).count(),
        "attempts_failed": attempts.filter(submitted_at__isnull=False, passed=False).count(),
        "passing_attempts": passing.count(),
        "certificates": certificates.count(),
    }
    without = passing.annotate(n=Count("certificate")).exclude(n=1)
    if without.exists():
        problem(
            f"{without.count()} passing attempts without exactly one certificate", without.values_list("pk", flat=True)
        )
    strays = certificates.filter(
        Q(attempt__isnull=True) | Q(attempt__passed=False) | ~Q(attempt__user=F("learner"))
        | ~Q(attempt__quiz__course=F("course"))
    )
    if strays.exists():
        problem(
            f"{strays.count()} certificates without a passing attempt of theirs", strays.values_list("pk", flat=True)
        )

    # PDFs: each certificate's file is there and is a PDF; nothing else is in the folder.
    storage = Certificate._meta.get_field("pdf").storage
    missing, not_pdf, names = [], [], set()
    for certificate in certificates:
        if not certificate.pdf:
            missing.append(certificate.pk)
            continue
        names.add(Path(certificate.pdf.name).name)
        if not storage.exists(certificate.pdf.name):
            missing.append(certificate.pk)
            continue
        with storage.open(certificate.pdf.name, "rb") as file:
            if file.read(5) != b"%PDF-":
                not_pdf.append(certificate.pk)
    if missing:
        problem(f"{len(missing)} certificates without a stored PDF", missing)
    if not_pdf:
        problem(f"{len(not_pdf)} stored PDFs that are not PDFs", not_pdf)
    folder = Path(settings.PRIVATE_ROOT) / "certificates"
    files = {path.name for path in folder.glob("*")} if folder.exists() else set()
    demo_pdfs = set(
        Path(name).name
        for name in Certificate.objects.exclude(learner__email__startswith=LEARNERS)
        .exclude(pdf="")
        .values_list("pdf", flat=True)
    )
    extra = files - names - demo_pdfs
    if extra:
        problem(f"{len(extra)} files in the certificates folder that no certificate points at", sorted(extra))
    counts["pdf_files"] = len(files - demo_pdfs)

    # E-mail: one "your certificate" message per certificate, to its learner.
    mail = delivered_mail(mail_folder)
    counts["certificate_emails"] = sum(mail.values())
    holders = Counter(certificates.values_list("learner__email", flat=True))
    if mail != holders:
        short = [address for address, n in holders.items() if mail[address] < n]
        over = [address for address, n in mail.items() if n > holders[address]]
        if short:
            problem(f"{len(short)} learners without their certificate e-mail", short)
        if over:
            problem(f"{len(over)} learners with more certificate e-mails than certificates", over)

    # The load generator's journal against the database.
    journal = read_journal(journal_path)
    counts["journal_passes"] = len(journal["passed"])
    counts["journal_pdfs"] = len(journal["pdf"])
    counts["journeys_completed"] = len(journal["journey"])
    by_attempt = {
        str(attempt.public_id): attempt
        for attempt in passing.select_related("user", "certificate")
    }
    wrong = [
        entry["attempt"]
        for entry in journal["passed"]
        if (attempt := by_attempt.get(entry["attempt"])) is None
        or attempt.user.email != entry["learner"]
        or str(attempt.certificate.public_id) != entry["certificate"]
    ]
    if wrong:
        problem(f"{len(wrong)} passes the load generator saw that the database does not hold as seen", wrong)
    unseen = set(by_attempt) - {entry["attempt"] for entry in journal["passed"]}
    if unseen:
        problem(f"{len(unseen)} passing attempts the load generator never saw the result of", sorted(unseen))
    if counts["attempts_open"] or counts["attempts_failed"]:
        problem(f"{counts['attempts_open']} attempts left open and {counts['attempts_failed']} failed")
    seen_certificates = {str(c.public_id): c.learner.email for c in certificates.select_related("learner")}
    pdf_wrong = [e["certificate"] for e in journal["pdf"] if seen_certificates.get(e["certificate"]) != e["learner"]]
    if pdf_wrong:
        problem(f"{len(pdf_wrong)} downloaded PDFs whose certificate is not that learner's", pdf_wrong)
    if journal["journey"]:
        seconds = sorted(entry["seconds"] for entry in journal["journey"])
        counts["journey_seconds_median"] = round(seconds[len(seconds) // 2], 1)
    return counts, problems


def main():
    drained = drain(float(os.environ.get("SOAK_DRAIN_TIMEOUT", "180")))
    counts, problems = reconcile(os.environ["SOAK_JOURNAL"], os.environ["EMAIL_FILE_PATH"])
    if not drained["drained"]:
        problems.insert(0, f"the workers had not drained after {drained['seconds']}s: {drained}")
    print("SOAK_RECONCILE " + json.dumps({"drain": drained, **counts, "problems": problems}), flush=True)


if __name__ == "__main__":
    main()
