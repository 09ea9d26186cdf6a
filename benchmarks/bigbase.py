"""Build a large fact base from the shipped one: copies of every record, ids and references renamed.

python -m benchmarks.bigbase 10000 > big.yaml   (and copy data/sources/ beside it)
"""

from __future__ import annotations

import copy
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from venru import model, settings, spec


def _ref_fields() -> dict[str, set[str]]:
    """For each kind, the YAML names of its fields that hold ids."""
    out: dict[str, set[str]] = {}
    for kind, cls in model.RECORD_TYPES.items():
        out[kind.value] = {f.name for f in spec.fields_of(cls) if spec.holds_ids(f.type)}
    return out


def _existing(target: str, ids: set[str]) -> str:
    return target if target in ids else target.rsplit("-c", 1)[0] + "-c0"


def make_big_base(count: int) -> str:
    """A valid fact base of `count` records, as YAML text."""
    document: dict[str, Any] = yaml.safe_load(settings.bundled_path().read_text(encoding="utf-8"))
    originals: list[dict[str, Any]] = document["records"]
    refs = _ref_fields()
    records: list[dict[str, Any]] = []
    copy_number = 0
    while len(records) < count:
        suffix = f"-c{copy_number}"
        for original in originals:
            if len(records) == count:
                break
            record = copy.deepcopy(original)
            record["id"] += suffix
            for name in refs[record["kind"]]:
                value = record.get(name)
                if isinstance(value, list):
                    record[name] = [v + suffix for v in value]
                elif isinstance(value, str):
                    record[name] = value + suffix
            for derivation in record.get("derived", []):
                derivation["from"] = [v + suffix for v in derivation.get("from", [])]
            records.append(record)
        copy_number += 1
    # The last copy may be partial: point its references to missing records at the first copy.
    ids = {record["id"] for record in records}
    for record in records[len(records) - len(records) % len(originals) :]:
        for derivation in record.get("derived", []):
            derivation["from"] = [_existing(v, ids) for v in derivation.get("from", [])]
        for name in refs[record["kind"]]:
            value = record.get(name)
            if isinstance(value, list):
                record[name] = [_existing(v, ids) for v in value]
            elif isinstance(value, str):
                record[name] = _existing(value, ids)
    document["records"] = records
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def write_big_base(path: Path, count: int) -> Path:
    """Write a big base to `path`, with the shipped source texts beside it, as the base names them."""
    path.write_text(make_big_base(count), encoding="utf-8")
    shutil.copytree(settings.bundled_path().parent / "sources", path.parent / "sources", dirs_exist_ok=True)
    return path


if __name__ == "__main__":
    sys.stdout.write(make_big_base(int(sys.argv[1]) if len(sys.argv) > 1 else 10000))
