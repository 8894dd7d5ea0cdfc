"""A catalog's safety-critical translations, numbered, without the English (for an
independent back-translation), or with `--key` the English under each (for the comparison).

    .venv/bin/python docs/back-translations/safety_strings.py CODE [--key]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from babel.messages.pofile import read_po

from vertebro_print.i18n.sources import SAFETY_FLAG

LOCALES = Path(__file__).resolve().parents[2] / "locales"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("code", help="the catalog's code, e.g. uk")
    parser.add_argument("--key", action="store_true", help="print the English under each")
    args = parser.parse_args()
    with (LOCALES / args.code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    critical = [m for m in catalog if m.id and SAFETY_FLAG in m.flags]
    for number, message in enumerate(critical, start=1):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for form, text in enumerate(strings):
            suffix = f".{form}" if len(strings) > 1 else ""
            print(f"S{number}{suffix}: {text}")
            if args.key:
                print(f"   EN: {ids[min(form, len(ids) - 1)]}")


if __name__ == "__main__":
    main()
