"""Staging, checking and sending a delivery, and its history."""
