"""The one area every English council is compared with: England itself.

The engine serves any English council, so England's GSS code is the engine's own, not a place's.
It is the only area code the engine names; everything about the plan's place comes from its folder.
"""

from __future__ import annotations

ENGLAND = "E92000001"
