"""`assessor roles`: the catalog with each role's score, zone and label."""

from __future__ import annotations

import argparse

from assessor.commands.common import catalog, print_json
from assessor.core.limits import published_cards_note
from assessor.core.roles_view import role_rows


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("roles", help="list the roles in the catalog with their scores")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=run)


CARD_WORDS = {"publisher": "publisher's own card", "fitted": "our figures fitted to it"}


def run(args: argparse.Namespace) -> int:
    roles = catalog()
    rows = role_rows(roles)
    if args.json:
        print_json(rows)
        return 0
    width = max(len(row["id"]) for row in [*rows, {"id": "ROLE ID"}])
    print(f"{'ROLE ID':<{width}}  {'SCORE':>5}  {'ZONE AND LABEL':<22} TITLE")
    for row in rows:
        published = (
            f"  (published {row['published']}; {CARD_WORDS[row['published_card']]})"
            if row["published"] is not None
            else ""
        )
        print(f"{row['id']:<{width}}  {row['score']:5.1f}  {row['label']:<22} {row['title']}{published}")
    note = published_cards_note(roles)
    if note:
        print()
        print(note)
    return 0
