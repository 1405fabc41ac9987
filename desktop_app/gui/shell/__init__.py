"""The window's frame and what every feature shares: the main window and its workspace, the
task runners, messages, crash handling, theme, resources."""
