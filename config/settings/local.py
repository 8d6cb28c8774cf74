"""Local use: `make run` and the `onestockport` command on this machine.

DEBUG stays off unless ONESTOCKPORT_DEBUG=1, so the local site behaves as the public one does
(its own error pages, compressed static files served by WhiteNoise after `onestockport setup`).
"""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("ONESTOCKPORT_DEBUG") == "1"
VAR_DIR.mkdir(parents=True, exist_ok=True)
