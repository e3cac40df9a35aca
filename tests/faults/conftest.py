"""Fault tests: each brings its own PostgreSQL cluster and Redis (for the session) and its own web
server and Celery workers (for the test), so that it can stop, kill or break them.

The session migrates and seeds one template database; each test gets a copy of it and an empty
Redis. Everything is stopped and removed at the end, whether the tests pass or fail.
"""

import itertools
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.faults.stack import Cluster, Redis, Stack, base_env, missing_tools, seed_template, stop_every_process

TEMPLATE = "eae_faults_template"
LEARNERS = 4
_databases = itertools.count(1)


def pytest_collection_modifyitems(config, items):
    """Skipped, with the reason, where PostgreSQL's programs or redis-server are not installed."""
    faults = [item for item in items if item.get_closest_marker("faults")]
    if faults and (reason := missing_tools()):
        for item in faults:
            item.add_marker(pytest.mark.skip(reason=f"faults: {reason}"))


@pytest.fixture(scope="session")
def fault_services():
    """Our own PostgreSQL cluster (with the template database migrated and seeded) and Redis."""
    root = Path(tempfile.mkdtemp(prefix="eae-faults-"))
    root.chmod(0o711)  # the cluster's folder inside belongs to the postgres user, who must reach it
    (root / "postgres").mkdir()
    (root / "redis").mkdir()
    cluster = Cluster(root / "postgres")
    redis = Redis(root / "redis")
    try:
        cluster.init()
        cluster.start()
        redis.start()
        env = base_env(DJANGO_SETTINGS_MODULE="tests.faults.settings", PRIVATE_ROOT=root / "seed-private")
        seed = seed_template(cluster, TEMPLATE, env, LEARNERS)
        yield {"cluster": cluster, "redis": redis, "template": TEMPLATE, "seed": seed, "root": root}
    finally:
        try:
            stop_every_process()  # our Redis, and anything a test failed to stop
        finally:
            try:
                if cluster.running():
                    cluster.stop_for_good()
            finally:
                shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def stack(fault_services):
    """A fresh copy of the seeded database and an empty Redis; the web server and workers the test
    starts are stopped at its end (their logs printed, which pytest shows when the test fails), a
    service it stopped is started again for the next test, and its folder is removed."""
    own = Stack(fault_services, f"eae_faults_{next(_databases)}")
    try:
        yield own
    finally:
        own.close()
