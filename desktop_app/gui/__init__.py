"""Qt widgets, item models and workers: the only package importing Qt."""
