#!/usr/bin/env python3
"""Generates a large, valid comparison table for benchmarks.

    python3 bench/generate.py ROWS OUT.csv [--source table.csv]

Writes ROWS data rows with the header of table.csv, cycling through its real rows and
perturbing them deterministically (same ROWS, same bytes): every `solution` gets a unique
suffix « n°N », booleans, hosting and participant counts vary, links get a query string.
Every cell stays valid for datapackage.json (maxLength, enums, booleans, integers ≥ 2,
http(s) links, no leading = + - @, no control characters), so `comparatif check` on the
output must exit 0 with no warning: a benchmark then times the full path of a valid table.

Only the standard library is used; the output is UTF-8 with "\\n" line endings.
"""

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MISSING = "Non communiqué"
BOOLEANS = ["Oui", "Non", MISSING]
HOSTING = ["France", "Union européenne", MISSING]
# Text columns and their maxLength in datapackage.json (checked when the suffix is added).
TEXT_MAX = {
    "editeur": 100,
    "protection_donnees": 120,
    "qualite_au_dela_5": 120,
    "tarif": 120,
    "usage_recommande": 120,
}
BOOLEAN_COLUMNS = [
    "audio_video",
    "partage_ecran",
    "partage_documents",
    "sans_installation",
    "hors_rie",
    "application_mobile",
]
SOLUTION_MAX = 60
LINK_MAX = 200


def rows(source_rows, count, seed=2020):
    """Yields `count` valid rows (dicts) derived from `source_rows`."""
    rng = random.Random(seed)
    for n in range(1, count + 1):
        base = source_rows[(n - 1) % len(source_rows)]
        row = dict(base)
        suffix = f" n°{n}"
        row["solution"] = base["solution"][: SOLUTION_MAX - len(suffix)].rstrip() + suffix
        row["hebergement"] = rng.choice(HOSTING)
        row["participants_max"] = MISSING if rng.random() < 0.2 else str(rng.randint(2, 1000))
        for column in BOOLEAN_COLUMNS:
            row[column] = rng.choice(BOOLEANS)
        for column, limit in TEXT_MAX.items():
            value = base[column]
            if value != MISSING and rng.random() < 0.5:
                extra = f" (variante {rng.randint(1, 99)})"
                if len(value) + len(extra) <= limit:
                    value += extra
            row[column] = value
        link = base["lien"]
        if link.startswith(("https://", "http://")):
            link = f"{link.rstrip('/')}/?ref={n}"
            row["lien"] = link[:LINK_MAX]
        yield row


def main(argv=None):
    parser = argparse.ArgumentParser(description="Génère un tableau valide de ROWS lignes pour les mesures de performance.")
    parser.add_argument("rows", type=int, help="nombre de lignes de données")
    parser.add_argument("out", type=Path, help="fichier CSV à écrire")
    parser.add_argument("--source", type=Path, default=ROOT / "table.csv", help="tableau réel à décliner (par défaut : table.csv)")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("ROWS doit être au moins 1")
    with args.source.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        source_rows = list(reader)
    if not source_rows:
        sys.exit(f"{args.source} n'a aucune ligne de données")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(source_rows, args.rows))


if __name__ == "__main__":
    main()
