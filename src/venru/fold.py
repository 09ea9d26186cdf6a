"""Text folding for matching: case, accents and German spelling do not matter.

`fold("Außenminister Félix")` == `fold("aussenminister felix")`; `Erdöl` and `Erdoel` fold alike.
"""

from __future__ import annotations

import re

_GERMAN = str.maketrans({"ß": "ss", "ẞ": "ss"})
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_UMLAUT_SPELLING = re.compile(r"(?<=[aou])e")  # 'oe' for 'ö' (which folds to 'o')


def fold(text: str) -> str:
    if not text.isascii():
        import unicodedata

        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_GERMAN)))
    return _UMLAUT_SPELLING.sub("", text.casefold())
