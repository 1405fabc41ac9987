"""Pure-Python core: orders, lifecycle, scope, metrics. No Qt, no SQL."""
