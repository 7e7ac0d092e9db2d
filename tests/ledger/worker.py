"""A separate process that writes to a ledger, for the crash and concurrency tests.

python worker.py append URL TAG COUNT BATCH   appends COUNT distinct events, BATCH a time
python worker.py import URL FILE              imports one facts document
"""

from __future__ import annotations

import sys

from landfall.ledger import NewEvent, import_facts, open_ledger


def append(url: str, tag: str, count: int, batch: int) -> None:
    with open_ledger(url) as store:
        for start in range(0, count, batch):
            store.append(
                [
                    NewEvent(
                        "audience",
                        tag,
                        f"{tag}.app",
                        {"type": "audience", "date": "2022-01-01", "daily_users_ru": i},
                        "2022-01-01",
                    )
                    for i in range(start, min(start + batch, count))
                ]
            )


def main(argv: list[str]) -> None:
    if argv[0] == "append":
        append(argv[1], argv[2], int(argv[3]), int(argv[4]))
    elif argv[0] == "import":
        with open_ledger(argv[1]) as store:
            result = import_facts(store, argv[2])
        print(result.added)
    else:
        raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
