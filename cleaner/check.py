"""``cleaner check``: not built yet (see its issue)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="(not built yet)")
    p.set_defaults(func=lambda args: 2)
