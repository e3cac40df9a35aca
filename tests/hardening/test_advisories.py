"""Known advisories: security/advisories.toml lists the published advisories for the packages we pin,
and no installed version may be one an advisory says is affected.

pip-audit cannot reach a vulnerability database from the build machines (it then finds nothing and
passes), so this table is what the suite checks against; README.md says how to refresh it.
"""

import datetime
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

TABLE = Path(__file__).resolve().parents[2] / "security" / "advisories.toml"
REQUIRED = {"package": str, "id": list, "summary": str, "affected": list, "fixed": list,
            "published": datetime.date, "source": str}
COVERED = {"wagtail", "django", "django-allauth", "xhtml2pdf", "reportlab", "celery"}
ID_FORM = re.compile(
    r"^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|PYSEC-\d{4}-\d+|SNYK-[A-Z0-9-]+"
    r"|[a-z0-9.-]+-security-notice)$"
)


def advisories():
    with TABLE.open("rb") as table:
        return tomllib.load(table)["advisory"]


def installed(package):
    try:
        return Version(metadata.version(package))
    except metadata.PackageNotFoundError:
        return None


def affecting(version, advisory):
    """The first fixed version of the range of `advisory` that `version` is in, or None."""
    for affected, fixed in zip(advisory["affected"], advisory["fixed"], strict=True):
        if SpecifierSet(affected, prereleases=True).contains(version, prereleases=True):
            return fixed
    return None


def test_the_table_parses_and_every_row_is_complete():
    with TABLE.open("rb") as table:
        assert isinstance(tomllib.load(table)["last_reviewed"], datetime.date)
    rows = advisories()
    assert len(rows) >= 20
    problems = []
    for number, row in enumerate(rows, start=1):
        where = f"advisory {number} ({row.get('id')})"
        for field, kind in REQUIRED.items():
            if not isinstance(row.get(field), kind) or not row[field]:
                problems.append(f"{where}: {field} must be a non-empty {kind.__name__}")
        if set(row) - set(REQUIRED):
            problems.append(f"{where}: unknown fields {sorted(set(row) - set(REQUIRED))}")
        if problems:
            continue
        problems += [f"{where}: id {ident!r} is not a CVE, GHSA, PYSEC or vendor id"
                     for ident in row["id"] if not ID_FORM.match(ident)]
        if len(row["affected"]) != len(row["fixed"]):
            problems.append(f"{where}: one fixed version for each affected range")
            continue
        for affected, fixed in zip(row["affected"], row["fixed"], strict=True):
            try:
                specifier, version = SpecifierSet(affected, prereleases=True), Version(fixed)
            except (InvalidSpecifier, InvalidVersion) as error:
                problems.append(f"{where}: {error}")
                continue
            if specifier.contains(version, prereleases=True):
                problems.append(f"{where}: the fixed version {fixed} is inside its own range {affected}")
            if f"<{fixed}" not in affected.replace(" ", ""):
                problems.append(f"{where}: the range {affected} should end just below its fixed version {fixed}")
        if row["published"] > datetime.date.today():
            problems.append(f"{where}: published in the future")
        if len(row["summary"]) > 200 or "\n" in row["summary"]:
            problems.append(f"{where}: the summary should be one line")
    assert not problems, "\n".join(problems)


def test_every_pinned_package_the_issue_names_is_covered_and_installed():
    packages = {canonicalize_name(row["package"]) for row in advisories()}
    assert packages == COVERED
    assert all(installed(package) is not None for package in COVERED)


def test_no_installed_package_is_affected_by_a_known_advisory():
    vulnerable = []
    for advisory in advisories():
        version = installed(advisory["package"])
        if version is not None and (fixed := affecting(version, advisory)):
            vulnerable.append(
                f"{advisory['package']} {version} is affected by {', '.join(advisory['id'])} "
                f"({advisory['summary']}): upgrade to {fixed} or later"
            )
    assert not vulnerable, "\n".join(vulnerable)


@pytest.mark.parametrize(
    ("package", "version", "expected"),
    [
        ("Django", "5.2.10", "5.2.11"),
        ("Django", "5.2.19", None),
        ("Django", "6.0.1", "6.0.2"),
        ("django-allauth", "65.13.0", "65.14.1"),
        ("reportlab", "3.6.12", "3.6.13"),
        ("celery", "5.2.1", "5.2.2"),
        ("wagtail", "7.3.1", "7.3.2"),
        ("wagtail", "8.0rc1", "8.0rc2"),
        ("wagtail", "8.0.1", None),
        ("xhtml2pdf", "0.2.18", "0.2.19"),
    ],
)
def test_the_check_bites_on_an_affected_version(package, version, expected):
    """What the check above would say if this version were installed: the first fix it would ask for."""
    fixes = [fixed for advisory in advisories() if canonicalize_name(advisory["package"]) == canonicalize_name(package)
             if (fixed := affecting(Version(version), advisory))]
    assert (min(fixes, key=Version) if fixes else None) == expected
