"""Settings for the SQLite race (sqlite_race.py): the test settings, but an on-disk SQLite file configured
by base.py's own `database_from_environment`, as `make run` and the demo use it."""

import os
from pathlib import Path

from config.settings.base import database_from_environment
from config.settings.test import *  # noqa: F403

DATABASES = {"default": database_from_environment(Path(os.environ["ONESTOCKPORT_RACE_DATABASE"]))}
ALLOWED_HOSTS = ["testserver"]
