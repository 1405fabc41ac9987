"""Modules generated from ui/*.ui by scripts/build_forms.py; never edited by hand."""
