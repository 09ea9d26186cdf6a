"""Text folding for matching: case, accents and German spelling do not matter.

`fold("Außenminister Félix")` == `fold("aussenminister felix")`; `Erdöl` and `Erdoel` fold alike.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_GERMAN = str.maketrans({"ß": "ss", "ẞ": "ss"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    text = text.translate(_GERMAN).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # German umlauts typed without them: 'oe' for 'ö' (which is now 'o').
    return plain.replace("ae", "a").replace("oe", "o").replace("ue", "u")
