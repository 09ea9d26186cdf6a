"""Write a folder fact base for the benchmarks: one YAML file per article, each with its own
source text and vocabulary, ids unique across files and references that cross files.

    python -m benchmarks.bigfolder DIR FILES [RECORDS_PER_FILE]

Generated at benchmark time, never committed. The words are made up from syllables seeded by
the file's number, so each file brings words of its own and the search index grows with the
folder as it would with real articles.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

_SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "te",
    "lu",
    "sa",
    "no",
    "vi",
    "de",
    "ra",
    "po",
    "ze",
    "li",
    "ma",
    "tu",
    "be",
    "go",
    "ni",
    "fa",
    "ke",
    "lo",
    "su",
    "pa",
    "re",
    "di",
    "mo",
    "ta",
    "ve",
    "ny",
    "bor",
    "ris",
    "dan",
    "kel",
    "mar",
    "tov",
    "sen",
    "lin",
    "gar",
    "pol",
    "ves",
    "kur",
    "nam",
    "del",
    "fis",
    "ran",
    "tek",
    "wol",
]
_COMMON = [
    "trade",
    "energy",
    "oil",
    "tourism",
    "flights",
    "military",
    "exercise",
    "bank",
    "finance",
    "talks",
    "agreement",
    "visit",
]
_LANGUAGES = ("de", "es", "en")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _article(number: int, per_file: int) -> tuple[str, str]:
    """(YAML text, source text) of article `number` with `per_file` records."""
    rng = random.Random(number)
    vocabulary = [_word(rng) for _ in range(120)]
    people = [(_word(rng).capitalize(), _word(rng).capitalize()) for _ in range(8)]
    slug = f"a{number:05d}"
    paragraphs = []
    for p in range(12):
        text = " ".join(rng.choice(vocabulary + _COMMON) for _ in range(40))
        first, last = people[p % len(people)]
        paragraphs.append(f"{first} {last} said {text} in {2000 + p}.")
    title = f"Article {number}: {' '.join(rng.sample(vocabulary, 5))}"
    source_text = "\n".join([title, "", *(f"{p}\n" for p in paragraphs)])

    def evidence(p: int) -> str:
        words = paragraphs[p].split(" ")
        start = rng.randint(0, 20)
        quote = " ".join(words[start : start + rng.randint(4, 10)])
        return f'    evidence:\n      - paragraph: {p + 1}\n        quote: "{quote}"\n'

    lines = [
        f"# Generated benchmark article {number}",
        "sources:",
        f"  - id: {slug}-source",
        f'    title: "{title}"',
        f'    title_en: "{title}"',
        f"    language: {_LANGUAGES[number % 3]}",
        f'    date: "{2000 + number % 25}-{1 + number % 12:02d}"',
        f"    file: sources/{slug}.txt",
        "records:",
    ]
    previous = f"a{number - 1:05d}" if number > 0 else slug
    kinds = ("participant", "topic", "figure", "quote", "event", "topic", "figure", "participant")
    for index in range(per_file):
        kind = kinds[index % len(kinds)]
        rid = f"{slug}-{kind[:3]}-{index}"
        p = index % len(paragraphs)
        first, last = people[index % len(people)]
        speaker = f"{slug}-par-0"
        head = f"  - id: {rid}\n    kind: {kind}\n"
        if kind == "participant":
            body = (
                f'    name: "{first} {last} {index}"\n    aliases: ["{last} {index}"]\n'
                f"    country: {'RU' if index % 2 else 'VE'}\n    side: {'russia' if index % 2 else 'venezuela'}\n"
                f'    roles: ["{rng.choice(vocabulary)} minister"]\n'
            )
        elif kind == "topic":
            # every other topic refers to a record of the previous file: references cross files
            raised = f"{previous}-par-0" if index % 2 else speaker
            body = f'    label: "{" ".join(rng.sample(vocabulary, 3))}"\n    raised_by: [{raised}]\n'
        elif kind == "figure":
            body = (
                f'    label: "{rng.choice(_COMMON)} {rng.choice(vocabulary)}"\n    value: {rng.randint(1, 90000)}\n'
                f'    unit: "{rng.choice(["percent", "people", "barrels", "dollars"])}"\n'
                f'    period: "{2000 + index % 22}"\n    claimed_by: {speaker}\n'
            )
        elif kind == "quote":
            words = paragraphs[p].split(" ")
            quoted = " ".join(words[3:12])
            body = (
                f"    speaker: {speaker}\n    language: en\n    medium: statement\n"
                f'    text: "{quoted}"\n    translation: "{quoted}"\n'
            )
            lines.append(head + body + f'    evidence:\n      - paragraph: {p + 1}\n        quote: "{quoted}"')
            continue
        else:
            body = (
                f'    date: "{2000 + index % 22}-{1 + index % 12:02d}-{1 + index % 28:02d}"\n'
                f'    label: "{" ".join(rng.sample(vocabulary, 4))}"\n    participants: [{speaker}]\n'
            )
        lines.append(head + body + f'    keywords: ["{rng.choice(vocabulary)}"]\n' + evidence(p).rstrip("\n"))
    return "\n".join(lines) + "\n", source_text


def write_folder(folder: Path, files: int, per_file: int = 50) -> Path:
    """Write `files` articles of `per_file` records each into `folder` (created), with sources/."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for number in range(files):
        text, source = _article(number, per_file)
        (folder / f"a{number:05d}.yaml").write_text(text, encoding="utf-8")
        (folder / "sources" / f"a{number:05d}.txt").write_text(source, encoding="utf-8")
    return folder


if __name__ == "__main__":
    write_folder(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 50)
