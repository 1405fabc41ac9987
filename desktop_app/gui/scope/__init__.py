"""Feedback against the gig's scope: points, verdicts, the extra offer."""
