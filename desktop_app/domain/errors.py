"""Domain errors, worded for the seller."""


class LifecycleError(ValueError):
    """An action the order's state or the marketplace rules do not allow."""
