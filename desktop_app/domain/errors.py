"""Domain errors, worded for the seller."""


class LifecycleError(ValueError):
    """An action the order's state or the marketplace rules do not allow."""


class FieldError(ValueError):
    """A bad value, naming the field that holds it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
