"""Delivery's errors: part of the product's one hierarchy, so commands print them and exit non-zero."""

from __future__ import annotations

from onestockport.errors import OneStockportError


class DeliveryError(OneStockportError):
    """Something about delivery tracking that the user asked for cannot be done."""


class PermissionRefused(DeliveryError):
    """The user's role or organisation does not allow this write (views answer 403)."""


class FourEyesRefused(DeliveryError):
    """The reviewer wrote part of the update: someone else must approve it (ONESTOCKPORT_FOUR_EYES)."""


class StaleEdit(DeliveryError):
    """Someone else saved the record after this user started editing it; nothing was overwritten."""


class InvalidTransition(DeliveryError):
    """The update is not in a state that allows this step (e.g. approving a draft)."""


class DuplicateUpdate(DeliveryError):
    """The action already has an update for the reporting period."""


class InvalidPeriod(DeliveryError):
    """A reporting period label that does not fit the configured period length."""


class UnknownDeliveryBody(DeliveryError):
    """No delivery body of the plan has that name or slug."""
