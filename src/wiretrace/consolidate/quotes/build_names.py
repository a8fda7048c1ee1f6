"""Build the shipped first-name table (`given_names.tsv.gz`) from nomquamgender's data:
`python -m wiretrace.consolidate.quotes.build_names [path]` after `pip install
'.[names]'` (nomquamgender, MIT, Ian Van Buskirk: only its data file is read, so its own
dependencies need not load; the package ships the table this makes).

A name is kept when many people carry it (`MIN_COUNT`) and nearly all of one gender
(`CERTAIN`): a "she" is then not given to a "Joe", nor a "he" to a "Nancy".
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Mapping, Sequence
from importlib.util import find_spec
from pathlib import Path

from wiretrace.consolidate.quotes.gender import NAMES_FILE

MIN_COUNT = 300  # people counted with the name across nomquamgender's sources
CERTAIN = 0.9  # share of one gender a name needs
_NAME = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)?$")


def gendered(reference: Mapping[str, Sequence[float]]) -> dict[str, str]:
    """Name -> "f" or "m" for the names of `reference` (name -> [sources, count, p(female),
    ...]) carried by many and nearly all of one gender."""
    table = {}
    for name, row in reference.items():
        count, female = row[1], row[2]
        if count < MIN_COUNT or not _NAME.match(name):
            continue
        if female >= CERTAIN:
            table[name] = "f"
        elif female <= 1 - CERTAIN:
            table[name] = "m"
    return table


def write(table: Mapping[str, str], path: Path, source: str) -> None:
    """The table as gzipped lines "name<TAB>f|m", sorted, after a line saying where it is from."""
    lines = [f"# {source}; count >= {MIN_COUNT}, one gender >= {CERTAIN}"]
    lines += [f"{name}\t{gender}" for name, gender in sorted(table.items())]
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(lines) + "\n")


def main() -> None:
    """Rebuild the table from the installed nomquamgender package."""
    from importlib.metadata import version

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else NAMES_FILE
    spec = find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed: pip install '.[names]'")
    data = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    table = gendered(json.loads(data.read_text(encoding="utf-8")))
    write(table, path, f"nomquamgender {version('nomquamgender')} (MIT, Ian Van Buskirk)")
    print(f"{path}: {len(table)} names")


if __name__ == "__main__":
    main()
