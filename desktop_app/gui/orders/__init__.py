"""The order list, the order's overview and the New order dialog."""
