"""Two reviewers act on the same submitted update at the same moment, against an on-disk SQLite file.

Run in its own process by test_sqlite_concurrency.py (pytest's test database is in memory). One thread
approves, the other returns; the first holds its transaction open for a second after reading the update,
so the second arrives while the first is still deciding. Prints what each got, as JSON.
"""

from __future__ import annotations

import json
import os
import threading
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.security.sqlite_settings"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

from onestockport.delivery import services  # noqa: E402
from onestockport.delivery.models import Update  # noqa: E402
from onestockport.delivery.permissions import Role  # noqa: E402
from tests.delivery.factories import (  # noqa: E402
    ActionFactory,
    PartnerFactory,
    PlanFactory,
    PriorityFactory,
    make_update,
    make_user,
)


def main() -> None:
    call_command("migrate", verbosity=0)
    plan = PlanFactory()
    priority = PriorityFactory(plan=plan)
    action = ActionFactory(priority=priority, number=1, lead_partner=PartnerFactory(plan=plan))
    update = make_update(action, state=Update.State.SUBMITTED)
    reviewers = [make_user(f"officer-{n}", Role.PERFORMANCE_OFFICER) for n in (1, 2)]

    first_inside = threading.Event()
    original = services._load_for

    def slow_load(user, update_id, capability):
        found = original(user, update_id, capability)
        if not first_inside.is_set():
            first_inside.set()
            time.sleep(1.0)  # the first reviewer's transaction stays open while the second one acts
        return found

    services._load_for = slow_load
    results: dict[str, object] = {}

    def act(name: str, user, path: str, data: dict, wait: bool) -> None:
        if wait:
            first_inside.wait(10)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            response = client.post(path, data)
            results[name] = response.status_code
        except Exception as exc:  # a crash of the test client itself, reported rather than lost
            results[name] = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()

    base = f"/delivery/updates/{update.pk}"
    threads = [
        threading.Thread(target=act, args=("approve", reviewers[0], f"{base}/approve/", {"version": 1}, False)),
        threading.Thread(
            target=act,
            args=("return", reviewers[1], f"{base}/return/", {"version": 1, "comment": "Please add figures."}, True),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    update.refresh_from_db()
    results["state"] = update.state
    results["version"] = update.version
    results["transaction_mode"] = connection.transaction_mode
    print(json.dumps(results))


if __name__ == "__main__":
    main()
