"""The one parser: every command names its handler; deliver takes paths after -m."""

from __future__ import annotations

import argparse

from desktop_app.cli.parser import Parser, build_parser


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices


def test_every_command_names_its_handler():
    for name, command in commands(build_parser()).items():
        assert isinstance(command, Parser), name
        assert callable(command.get_default("run")), f"{name} has no handler"


def test_paths_may_follow_the_message():
    args = build_parser().parse_args(["deliver", "FO1", "a.png", "-m", "Here", "b.png", "c/"])
    assert (args.ref, args.message) == ("FO1", "Here")
    assert [str(p) for p in args.paths] == ["a.png", "b.png", "c"]

