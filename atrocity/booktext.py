"""Find short verbatim passages in the source book's plain text.

The book is text extracted from print: lines break mid-word with a hyphen and
typographic quotes and dashes vary. Both the book and a passage are normalised
the same way before comparing, so a passage copied from the printed page matches.

Run ``python -m atrocity.booktext FIXTURE.json ...`` to list every stored quote
that cannot be found in the book.
"""

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

BOOK_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "000_0753cc1f71077c1f.txt"

_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00ad": "",
        "\ufffd": " ",
    }
)


def normalise(text: str) -> str:
    """Join hyphenated line ends, unify quotes and dashes, drop hyphens, collapse white space."""
    text = text.translate(_TRANSLATION)
    text = re.sub(r"-[ \t]*\n\s*", "", text)
    # A hyphen at a line end may be a real one ("human-\nrights"); dropping every
    # hyphen on both sides makes the comparison indifferent to which it was.
    text = text.replace("-", "")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def normalised_book(path: str = str(BOOK_PATH)) -> str:
    """The whole book, normalised once per process."""
    return normalise(Path(path).read_text(encoding="utf-8"))


def book_available() -> bool:
    """Whether the book's text file is beside the project (it is not shipped with it)."""
    return BOOK_PATH.exists()


def occurs_in_book(passage: str) -> bool:
    """True when the passage, normalised, is a substring of the normalised book."""
    return normalise(passage) in normalised_book()


def _quotes(node, where=""):
    """Yield (location, quote) for every "quote" value anywhere in a fixture document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "quote" and isinstance(value, str) and value:
                yield where, value
            else:
                yield from _quotes(value, f"{where}/{node.get('key', node.get('slug', key))}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _quotes(item, f"{where}[{index}]")


def main(paths: list[str]) -> int:
    """Print quotes missing from the book or outside 5-25 words; exit 1 if any."""
    problems = 0
    for path in paths:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        for where, quote in _quotes(document):
            words = len(quote.split())
            if not occurs_in_book(quote):
                problems += 1
                print(f"{path}{where}: not in book: {quote!r}")
            elif not 5 <= words <= 25:
                problems += 1
                print(f"{path}{where}: {words} words (5-25 allowed): {quote!r}")
    print(f"{problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
