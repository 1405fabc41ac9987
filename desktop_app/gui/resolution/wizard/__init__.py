"""The resolution request wizard and its pages."""

from desktop_app.gui.resolution.wizard.wizard import ResolutionWizard

__all__ = ["ResolutionWizard"]
