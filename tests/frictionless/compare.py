#!/usr/bin/env python3
"""Verdict parity between `comparatif check` and frictionless-py (Table Schema reference).

In: the repository's table.csv and datapackage.json (or, with --fixtures DIR, every *.csv
of DIR). Out: a report on stdout; exit code 0 when every disagreement is a documented
divergence, 1 when at least one is UNEXPECTED, 2 on a setup or usage problem.

Default mode derives a few hundred broken or edge-case variants of table.csv with a fixed
seed (same cases on every run and every machine), writes each one as `table.csv` next to a
copy of the descriptor, validates it with frictionless in-process and with
`comparatif check table.csv --format json`, and compares the two verdicts (valid/invalid).

A disagreement is accepted only when comparatif is the stricter one (frictionless: valid,
comparatif: invalid) and the case carries the tag of a documented divergence (KNOWN below).
Anything else is UNEXPECTED and printed with the CSV lines involved, frictionless's errors
and comparatif's output.

Environment: COMPARATIF_BIN, the binary to test (default: target/release/comparatif of this
repository).

Usage:
    python3 tests/frictionless/compare.py [-v] [--only TEXT] [--keep DIR] [--cli]
    python3 tests/frictionless/compare.py --fixtures tests/cases/reject
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 20200409

# Documented divergences: comparatif refuses, frictionless accepts. Tag -> why.
KNOWN = {
    "formula": "(1) texte dont la valeur sans espaces autour commence par = + - @",
    "control": "(2) caractère de contrôle, de contrôle bidi ou U+FEFF dans une cellule",
    "uri-scheme": "(3) lien qui n'est pas en http(s)",
    "header-only": "(4) fichier réduit à la ligne d'en-tête",
    # "Spaces" as Rust's str::trim sees them: Unicode White_Space, so NBSP and NNBSP too, and
    # (issue 21) characters that draw nothing: U+200B to U+200D, U+2060… (validate/blanks.rs, blank_text).
    "blank-string": "(5) texte fait seulement d'espaces ou de caractères invisibles dans un champ minLength >= 1",
    "trimmed-dup": "(6) doublon une fois les espaces autour retirés",
    "integer-digits": "(7) entier écrit avec d'autres chiffres que 0-9, ou de plus de 36 chiffres",
    "number-special": "(8) nombre NaN, Infinity ou sNaN",
    "number-digits": "(9) nombre écrit avec d'autres chiffres que 0-9, de plus de 40 chiffres sans exposant, ou d'exposant au-delà de 1000",
}

# --fixtures mode: file name -> tag of KNOWN that explains why comparatif refuses a file that
# frictionless accepts. Add an entry only with the divergence it illustrates.
FIXTURE_DIVERGENCES: dict[str, str] = {
    "en-tete-seul.csv": "header-only",
}


# ---------------------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    name: str
    data: bytes
    tags: frozenset = frozenset()
    descriptor: bytes | None = None  # None: the descriptor given to the script


@dataclass
class Result:
    case: Case
    fl_valid: bool | None = None  # None: frictionless raised
    fl_errors: list = field(default_factory=list)
    cp_code: int | None = None
    cp_stdout: str = ""
    cp_stderr: str = ""
    verdict: str = ""  # agree | known | UNEXPECTED
    note: str = ""


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    wtr = csv.writer(out, lineterminator="\n")
    for row in rows:
        wtr.writerow(row)
    return out.getvalue().encode("utf-8")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class Generator:
    """Builds the mutation cases from the base table; every choice comes from `self.rng`."""

    def __init__(self, table: bytes, descriptor: dict):
        self.rng = random.Random(SEED)
        self.base = table
        rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig"), newline="")))
        self.header, self.rows = rows[0], rows[1:]
        self.ncols = len(self.header)
        fields = descriptor["resources"][0]["schema"]["fields"]
        self.fields = {f["name"]: f for f in fields}
        self.descriptor = descriptor
        self.cases: list[Case] = []
        self.names: set[str] = set()

    # -- helpers

    def add(self, name: str, data: bytes, *tags: str) -> None:
        for tag in tags:
            assert tag in KNOWN, tag
        assert name not in self.names, f"duplicate case name {name}"
        self.names.add(name)
        self.cases.append(Case(name, data, frozenset(tags)))

    def table(self, rows=None, header=None) -> bytes:
        return to_csv([header or self.header] + (self.rows if rows is None else rows))

    def with_cells(self, changes: list[tuple[int, int, str]]) -> bytes:
        rows = [list(r) for r in self.rows]
        for row_idx, col_idx, value in changes:
            rows[row_idx][col_idx] = value
        return self.table(rows)

    def kind(self, col_idx: int) -> str:
        f = self.fields[self.header[col_idx]]
        if f["type"] == "integer":
            return "integer"
        if f["type"] == "boolean":
            return "boolean"
        if f.get("format") == "uri":
            return "uri"
        if "enum" in f.get("constraints", {}):
            return "enum"
        return "text"

    def max_length(self, col_idx: int) -> int:
        return self.fields[self.header[col_idx]]["constraints"]["maxLength"]

    def lines(self) -> list[bytes]:
        return self.base.split(b"\n")[:-1]  # base ends with exactly one "\n"

    # -- value pools: (label, value, tags); `orig` is the cell being replaced

    def text_values(self, col_idx: int, orig: str) -> list[tuple[str, str, tuple]]:
        n = self.max_length(col_idx)
        return [
            ("empty", "", ()),
            ("nc", "Non communiqué", ()),
            ("nc-lower", "non communiqué", ()),
            ("nc-title", "Non Communiqué", ()),
            ("nc-upper", "NON COMMUNIQUÉ", ()),
            ("nc-no-accent", "Non communique", ()),
            ("nc-nfd", nfd("Non communiqué"), ()),
            ("nc-trail-space", "Non communiqué ", ()),
            ("nc-lead-space", " Non communiqué", ()),
            ("nc-nbsp", "Non\u00a0communiqué", ()),
            ("nc-dot", "Non communiqué.", ()),
            ("nc-abbrev", "N/C", ()),
            ("lead-space", " " + orig, ()),
            ("trail-space", orig + " ", ()),
            ("both-spaces", "  " + orig + "  ", ()),
            ("one-space", " ", ("blank-string",)),
            ("only-spaces", "   ", ("blank-string",)),
            ("only-nbsp", "\u00a0", ("blank-string",)),
            ("only-nnbsp", "\u202f\u202f", ("blank-string",)),
            ("formula-eq", "=1+1", ("formula",)),
            ("formula-plus", "+33 1 23 45 67 89", ("formula",)),
            ("formula-minus", "-3", ("formula",)),
            ("formula-at", "@SOMME(A1)", ("formula",)),
            ("formula-space-eq", " =HYPERLINK(\"x\")", ("formula",)),
            ("formula-space-minus", "  - liste", ("formula",)),
            ("formula-nbsp-at", "\u00a0@x", ("formula",)),
            ("formula-tab", "\t=1", ("formula", "control")),
            ("inner-eq", "a = b + c - d @ e", ()),
            ("html-script", "<script>alert(1)</script>", ()),
            ("html-b", "<b>gras</b> & « guillemets » &amp;", ()),
            ("emoji", "Visio 🎥", ()),
            ("emoji-zwj", "👨‍👩‍👧 famille", ()),
            ("emoji-flag", "🇫🇷 France", ()),
            ("nbsp-inside", "Non\u00a0: oui\u202f; non", ()),
            ("zwsp", "Rain\u200bbow", ()),
            ("zwj-only", "\u200d", ("blank-string",)),
            ("bom-inside", "\ufeffTexte", ("control",)),
            ("line-separator", "a\u2028b", ()),
            ("tab", "a\tb", ("control",)),
            ("newline", "a\nb", ("control",)),
            ("trailing-newline", "texte\n", ("control",)),
            ("cr", "a\rb", ("control",)),
            ("nul", "a\x00b", ("control",)),
            ("esc", "a\x1bb", ("control",)),
            ("del", "a\x7fb", ("control",)),
            ("c1-nel", "a\x85b", ("control",)),
            ("bidi-rlo", "a\u202eb", ("control",)),
            ("bidi-lri", "a\u2066b", ("control",)),
            ("bidi-pdi", "\u2069b", ("control",)),
            ("bidi-lrm", "a\u200eb", ("control",)),
            ("bidi-rlm", "a\u200fb", ("control",)),
            ("bidi-alm", "a\u061cb", ("control",)),
            ("len-max", "x" * n, ()),
            ("len-max+1", "x" * (n + 1), ()),
            ("len-max-accents", "é" * n, ()),
            ("len-max+1-accents", "é" * (n + 1), ()),
            ("len-max-nfd", "e\u0301" * (n // 2), ()),
            ("len-2max-nfd", "e\u0301" * n, ()),
            ("len-max-emoji", "👍" * n, ()),
            ("len-max+1-emoji", "👍" * (n + 1), ()),
            ("len-max-emoji-mod", "👍🏽" * (n // 2), ()),
            ("len-over-emoji-mod", "👍🏽" * (n // 2 + 1), ()),
            ("len-max-with-spaces", " " + "x" * (n - 1), ()),
            ("len-max+1-with-space", "x" * n + " ", ()),
            ("huge", "x" * 100_000, ()),
            ("quote-inside", 'Rain"bow', ()),
            ("comma-inside", "a, b, c", ()),
            ("digits", "12345", ()),
            ("oui", "Oui", ()),
            ("one-char", "x", ()),
        ]

    INTEGER_VALUES = [
        ("2", "2", ()),
        ("1", "1", ()),
        ("0", "0", ()),
        ("-3", "-3", ()),
        ("-0", "-0", ()),
        ("+5", "+5", ()),
        ("+0", "+0", ()),
        ("05", "05", ()),
        ("00002", "00002", ()),
        ("00", "00", ()),
        ("1_000", "1_000", ()),
        ("0_5", "0_5", ()),
        ("1__000", "1__000", ()),
        ("_1000", "_1000", ()),
        ("1000_", "1000_", ()),
        ("space-5-space", " 5 ", ()),
        ("5-space", "5 ", ()),
        ("nbsp-5", "\u00a05", ()),
        ("5-nbsp", "5\u00a0", ()),
        ("5-nnbsp", "5\u202f", ()),
        ("emsp-5", "\u20035", ()),
        ("5-tab", "5\t", ("control",)),
        ("5-newline", "5\n", ("control",)),
        ("5-zwsp", "5\u200b", ()),
        ("bom-5", "\ufeff5", ()),
        ("rlo-5", "\u202e5", ("control",)),
        ("5.0", "5.0", ()),
        ("5.", "5.", ()),
        (".5", ".5", ()),
        ("5,0", "5,0", ()),
        ("1 000", "1 000", ()),
        ("1nbsp000", "1\u00a0000", ()),
        ("1,000", "1,000", ()),
        ("1.000", "1.000", ()),
        ("1e3", "1e3", ()),
        ("0x10", "0x10", ()),
        ("+ 5", "+ 5", ()),
        ("+-5", "+-5", ()),
        ("10-participants", "10 participants", ()),
        ("abc", "abc", ()),
        ("oui", "Oui", ()),
        ("empty", "", ()),
        ("space", " ", ()),
        ("nc", "Non communiqué", ()),
        ("nc-lower", "non communiqué", ()),
        ("nc-trail-space", "Non communiqué ", ()),
        ("nc-nfd", nfd("Non communiqué"), ()),
        ("i64-max", "9223372036854775807", ()),
        ("i64-max+1", "9223372036854775808", ()),
        ("u64-max+1", "18446744073709551616", ()),
        ("huge-31-digits", "1" + "0" * 30, ()),
        ("huge-400-digits", "9" * 400, ("integer-digits",)),
        ("huge-negative", "-" + "9" * 30, ()),
        ("i128-max", "170141183460469231731687303715884105727", ("integer-digits",)),
        ("i128-max+1", "170141183460469231731687303715884105728", ("integer-digits",)),
        ("huge-40-digits", "1" + "0" * 39, ("integer-digits",)),
        # CPython's int() refuses more than 4300 digits (sys.get_int_max_str_digits()).
        ("huge-4300-digits", "9" * 4300, ("integer-digits",)),
        ("huge-4301-digits", "9" * 4301, ()),
        ("5-fs", "5\x1c", ("control",)),
        ("5-nel", "5\x85", ("control",)),
        ("ideographic-space-5", "\u30005", ()),
        ("5-line-separator", "5\u2028", ()),
        ("fullwidth-plus-5", "\uff0b5", ("integer-digits",)),
        ("mixed-digits-50", "5\u0660", ("integer-digits",)),
        ("fullwidth-50", "５０", ("integer-digits",)),
        ("arabic-indic-50", "٥٠", ("integer-digits",)),
        ("math-bold-50", "𝟓𝟎", ("integer-digits",)),
        ("devanagari-50", "५०", ("integer-digits",)),
        ("superscript-2", "²", ()),
        ("roman-x", "Ⅹ", ()),
    ]

    BOOLEAN_VALUES = [
        ("oui", "Oui", ()),
        ("non", "Non", ()),
        ("oui-lower", "oui", ()),
        ("oui-upper", "OUI", ()),
        ("non-lower", "non", ()),
        ("non-upper", "NON", ()),
        ("oui-trail-space", "Oui ", ()),
        ("oui-lead-space", " Oui", ()),
        ("non-both-spaces", " Non ", ()),
        ("oui-nbsp", "Oui\u00a0", ()),
        ("oui-tab", "Oui\t", ("control",)),
        ("oui-accent-i", "Ouí", ()),
        ("oui-accent-u", "Oùi", ()),
        ("non-accent", "Nón", ()),
        ("oui-fullwidth", "Ｏｕｉ", ()),
        ("o", "O", ()),
        ("n", "N", ()),
        ("yes", "Yes", ()),
        ("no", "No", ()),
        ("true", "true", ()),
        ("True", "True", ()),
        ("false", "false", ()),
        ("1", "1", ()),
        ("0", "0", ()),
        ("vrai", "Vrai", ()),
        ("faux", "Faux", ()),
        ("empty", "", ()),
        ("space", " ", ()),
        ("nc", "Non communiqué", ()),
        ("nc-no-accent", "Non communique", ()),
        ("nc-nfd", nfd("Non communiqué"), ()),
        ("nc-lower", "non communiqué", ()),
        ("oui-non", "Oui/Non", ()),
        ("partiel", "Partiel", ()),
        ("oui-zwsp", "Oui\u200b", ()),
        ("oui-bidi", "\u200eOui", ("control",)),
    ]

    ENUM_VALUES = [
        ("france", "France", ()),
        ("ue", "Union européenne", ()),
        ("france-lower", "france", ()),
        ("france-upper", "FRANCE", ()),
        ("ue-title", "Union Européenne", ()),
        ("ue-lower", "union européenne", ()),
        ("ue-no-accent", "Union europeenne", ()),
        ("ue-nfd", nfd("Union européenne"), ()),
        ("ue-nbsp", "Union\u00a0européenne", ()),
        ("ue-double-space", "Union  européenne", ()),
        ("ue-trail-space", "Union européenne ", ()),
        ("france-lead-space", " France", ()),
        ("france-trail-space", "France ", ()),
        ("france-both-spaces", "  France  ", ()),
        ("france-tab", "France\t", ("control",)),
        ("france-lrm", "France\u200e", ("control",)),
        ("france-zwsp", "France\u200b", ()),
        ("ue-abbrev", "UE", ()),
        ("hors-ue", "Hors UE", ()),
        ("europe", "Europe", ()),
        ("ue-detail", "Union européenne (Allemagne)", ()),
        ("formula", "=France", ("formula",)),
        ("empty", "", ()),
        ("space", " ", ()),
        ("nc", "Non communiqué", ()),
        ("nc-lower", "non communiqué", ()),
        ("nc-nfd", nfd("Non communiqué"), ()),
        ("number", "1", ()),
        ("oui", "Oui", ()),
    ]

    URI_VALUES = [
        ("https", "https://exemple.fr", ()),
        ("http", "http://exemple.fr", ()),
        ("https-path", "https://exemple.fr/a/b?c=d&e=f#g", ()),
        ("https-bare-host", "https://x", ()),
        ("https-port", "https://exemple.fr:8443/", ()),
        ("https-bad-port", "https://exemple.fr:99999/", ()),
        ("https-userinfo", "https://user:mdp@exemple.fr", ()),
        ("https-ipv6", "https://[::1]/", ()),
        ("https-bad-ipv6", "https://[::1/", ()),
        ("https-unicode", "https://exemple.fr/été", ()),
        ("https-idn", "https://café.fr", ()),
        ("https-percent-bad", "https://exemple.fr/%zz", ()),
        ("https-backslash", "https://exemple.fr\\chemin", ()),
        ("https-html", "https://exemple.fr/<script>", ()),
        ("https-quote", 'https://exemple.fr/"x"', ()),
        ("https-empty-host", "https:///chemin", ()),
        ("https-only-scheme", "https://", ()),
        ("https-one-slash", "https:/exemple.fr", ()),
        ("https-upper", "HTTPS://EXEMPLE.FR", ()),
        ("https-mixed-case", "Https://exemple.fr", ()),
        ("https-space", "https://x y", ()),
        ("https-trail-space", "https://exemple.fr ", ()),
        ("https-lead-space", " https://exemple.fr", ()),
        ("https-nbsp", "https://exemple.fr\u00a0", ()),
        ("https-zwsp", "https://exemple.fr\u200b", ()),
        ("https-tab", "https://exemple.fr\t", ("control",)),
        ("https-trailing-newline", "https://exemple.fr\n", ("control",)),
        ("https-bidi", "https://exemple.fr/\u202eabc", ("control",)),
        ("ftp", "ftp://exemple.fr", ("uri-scheme",)),
        ("javascript", "javascript:alert(1)", ("uri-scheme",)),
        ("mailto", "mailto:contact@exemple.fr", ("uri-scheme",)),
        ("data", "data:text/html,<script>alert(1)</script>", ("uri-scheme",)),
        ("www", "www.exemple.fr", ()),
        ("host-only", "exemple.fr", ()),
        ("protocol-relative", "//exemple.fr", ()),
        ("httpx", "httpx://exemple.fr", ("uri-scheme",)),
        ("http-no-slashes", "http:exemple.fr", ()),
        ("len-200", "https://exemple.fr/" + "a" * (200 - 19), ()),
        ("len-201", "https://exemple.fr/" + "a" * (201 - 19), ()),
        ("empty", "", ()),
        ("space", " ", ()),
        ("nc", "Non communiqué", ()),
        ("nc-lower", "non communiqué", ()),
        ("text", "voir le site", ()),
        ("formula", "=HYPERLINK(\"https://x.fr\")", ("formula",)),
    ]

    def pool(self, col_idx: int, orig: str):
        kind = self.kind(col_idx)
        if kind == "text":
            return self.text_values(col_idx, orig)
        return {
            "integer": self.INTEGER_VALUES,
            "boolean": self.BOOLEAN_VALUES,
            "enum": self.ENUM_VALUES,
            "uri": self.URI_VALUES,
        }[kind]

    # -- case families

    def build(self) -> list[Case]:
        self.add("base", self.base)
        self.cell_values()
        self.wrong_types()
        self.not_communicated()
        self.primary_key()
        self.header_cases()
        self.row_shapes()
        self.file_level()
        self.quoting()
        self.combinations()
        self.numbers()
        return self.cases

    def cell_values(self) -> None:
        """Every value of a column's pool on one seeded row. The first column of each kind
        gets the whole pool; later columns of the same kind behave the same except for their
        length limits, so they get the length cases plus a seeded sample of the rest."""
        seen_kinds = set()
        for col_idx in range(self.ncols):
            kind = self.kind(col_idx)
            row_idx = self.rng.randrange(len(self.rows))
            orig = self.rows[row_idx][col_idx]
            values = self.pool(col_idx, orig)
            if kind in seen_kinds:
                lengths = [v for v in values if v[0].startswith("len-")]
                others = [v for v in values if not v[0].startswith("len-")]
                values = lengths + self.rng.sample(others, min(8, len(others)))
            seen_kinds.add(kind)
            for label, value, tags in values:
                name = f"cell/{self.header[col_idx]}/{label}"
                self.add(name, self.with_cells([(row_idx, col_idx, value)]), *tags)

    def wrong_types(self) -> None:
        """A value of every other type in each column: all samples on the first column of
        each kind, a seeded handful on the others."""
        samples = [
            ("text", "abc"),
            ("integer", "12"),
            ("decimal", "3.5"),
            ("boolean", "Oui"),
            ("date", "2020-04-09"),
            ("date-fr", "09/04/2020"),
            ("url", "https://exemple.fr"),
            ("enum", "France"),
            ("json", '{"a": 1}'),
        ]
        seen_kinds = set()
        for col_idx in range(self.ncols):
            kind = self.kind(col_idx)
            row_idx = (col_idx * 3) % len(self.rows)
            chosen = samples if kind not in seen_kinds else self.rng.sample(samples, 3)
            seen_kinds.add(kind)
            for label, value in chosen:
                name = f"type/{self.header[col_idx]}/{label}"
                self.add(name, self.with_cells([(row_idx, col_idx, value)]))

    def not_communicated(self) -> None:
        nc = "Non communiqué"
        for col_idx in range(self.ncols):
            self.add(
                f"nc-column/{self.header[col_idx]}",
                self.with_cells([(r, col_idx, nc) for r in range(len(self.rows))]),
            )
            self.add(
                f"empty-column/{self.header[col_idx]}",
                self.with_cells([(r, col_idx, "") for r in range(len(self.rows))]),
            )
        self.add("nc-row/all-but-key", self.with_cells([(2, c, nc) for c in range(1, self.ncols)]))
        self.add("nc-row/all", self.with_cells([(2, c, nc) for c in range(self.ncols)]))
        self.add("empty-row/all-but-key", self.with_cells([(2, c, "") for c in range(1, self.ncols)]))

    def primary_key(self) -> None:
        names = [r[0] for r in self.rows]
        rainbow = names.index("Rainbow")
        other = (rainbow + 2) % len(self.rows)
        first = self.rows[0][0]
        for label, value, tags in [
            ("dup-exact", "Rainbow", ()),
            ("dup-trail-space", "Rainbow ", ("trimmed-dup",)),
            ("dup-lead-space", " Rainbow", ("trimmed-dup",)),
            ("dup-both-spaces", "  Rainbow  ", ("trimmed-dup",)),
            ("dup-nbsp", "Rainbow\u00a0", ("trimmed-dup",)),
            ("dup-lower", "rainbow", ()),
            ("dup-upper", "RAINBOW", ()),
            ("dup-zwsp", "Rain\u200bbow", ()),
            ("dup-nfd-first", nfd(first), ()),
            ("dup-tab", "Rainbow\t", ("control", "trimmed-dup")),
            ("nc", "Non communiqué", ()),
            ("nc-lower", "non communiqué", ()),
            ("empty", "", ()),
        ]:
            self.add(f"key/{label}", self.with_cells([(other, 0, value)]), *tags)
        # Two missing keys on two rows.
        nc = "Non communiqué"
        self.add("key/nc-twice", self.with_cells([(1, 0, nc), (4, 0, nc)]))
        self.add("key/empty-twice", self.with_cells([(1, 0, ""), (4, 0, "")]))
        # Duplicate rows.
        rows = [list(r) for r in self.rows]
        self.add("dup-row/next", self.table(rows[:3] + [rows[2]] + rows[3:]))
        self.add("dup-row/end", self.table(rows + [rows[0]]))
        self.add("dup-row/all", self.table(rows + rows))
        # Big table, unique keys: must stay valid.
        big = []
        for i in range(2000):
            r = list(rows[i % len(rows)])
            r[0] = f"Solution {i:04d}"
            big.append(r)
        self.add("big/2000-rows", self.table(big))
        dup = [list(r) for r in big]
        dup[1999][0] = dup[3][0]
        self.add("big/dup-far-apart", self.table(dup))

    def header_cases(self) -> None:
        h, rows = self.header, [list(r) for r in self.rows]

        def variant(name, header, data_rows=None, *tags):
            self.add(f"header/{name}", self.table(data_rows if data_rows is not None else rows, header), *tags)

        def drop(col_idx):
            return [r[:col_idx] + r[col_idx + 1 :] for r in rows]

        for col_idx in (0, 4, 7, self.ncols - 1):
            variant(f"missing-column/{h[col_idx]}", h[:col_idx] + h[col_idx + 1 :], drop(col_idx))
        variant("missing-label-last", h[:-1])
        variant("extra-column", h + ["commentaire"], [r + ["x"] for r in rows])
        variant("extra-column-empty", h + ["commentaire"], [r + [""] for r in rows])
        variant("extra-blank-label", h + [""], [r + [""] for r in rows])
        variant("extra-blank-label-only", h + [""])
        variant("duplicate-label", h[:1] + ["solution"] + h[2:])
        variant("duplicate-extra-column", h + ["lien"], [r + [r[-1]] for r in rows])
        variant("renamed", h[:3] + ["protection_des_donnees"] + h[4:])
        variant("typo", h[:-1] + ["lein"])
        variant("case-first", ["Solution"] + h[1:])
        variant("upper-all", [x.upper() for x in h])
        variant("titles", [self.fields[x]["title"] for x in h])
        variant("lead-space-label", h[:2] + [" " + h[2]] + h[3:])
        variant("trail-space-label", h[:-1] + [h[-1] + " "])
        variant("nbsp-label", h[:-1] + [h[-1] + "\u00a0"])
        variant("bom-label", ["\ufeff" + h[0]] + h[1:])
        variant("zwsp-label", h[:1] + ["edi\u200bteur"] + h[2:])
        variant("tab-label", h[:-1] + ["\t" + h[-1]], None, "control")
        variant("nel-label", h[:-1] + [h[-1] + "\x85"], None, "control")
        variant("emsp-label", h[:-1] + ["\u2003" + h[-1]])
        variant("spaces-around-all-labels", [" " + x + " " for x in h])
        variant("duplicate-after-strip", h[:1] + [" solution"] + h[2:])
        variant("blank-label", h[:5] + [""] + h[6:])
        variant("space-label", h[:5] + [" "] + h[6:])
        variant("all-blank-labels", [""] * self.ncols)
        swapped = list(h)
        swapped[1], swapped[3] = swapped[3], swapped[1]
        swapped_rows = [list(r) for r in rows]
        for r in swapped_rows:
            r[1], r[3] = r[3], r[1]
        variant("reordered-with-data", swapped, swapped_rows)
        variant("reordered-label-only", swapped)
        variant("reversed", list(reversed(h)), [list(reversed(r)) for r in rows])
        # Raw header lines.
        lines = self.lines()
        body = b"\n".join(lines[1:]) + b"\n"
        raw = {
            "quoted-labels": b",".join(b'"' + x.encode() + b'"' for x in h),
            "space-after-commas": b", ".join(x.encode() for x in h),
            "trailing-comma": lines[0] + b",",
            "header-crlf-only": lines[0] + b"\r",
            "empty-line-before": b"\n" + lines[0],
            "commas-line-before": b"," * (self.ncols - 1) + b"\n" + lines[0],
            "header-missing": b"",
            "comment-before": b"# tableau DINUM\n" + lines[0],
        }
        for name, head in raw.items():
            data = (head + b"\n" if head else b"") + body
            self.add(f"header/raw-{name}", data)
        self.add("header/header-repeated-as-row", b"\n".join(lines[:3] + [lines[0]] + lines[3:]) + b"\n")

    def row_shapes(self) -> None:
        lines = self.lines()
        rows = [list(r) for r in self.rows]

        def raw(name, new_lines, *tags, end=b"\n"):
            self.add(f"rows/{name}", b"\n".join(new_lines) + end, *tags)

        mid = 3
        raw("blank-line-middle", lines[:mid] + [b""] + lines[mid:])
        raw("blank-line-after-header", lines[:1] + [b""] + lines[1:])
        raw("blank-line-end", lines + [b""])
        raw("two-blank-lines-end", lines + [b"", b""])
        raw("no-final-newline", lines, end=b"")
        raw("spaces-line-middle", lines[:mid] + [b"   "] + lines[mid:])
        raw("spaces-line-end", lines + [b"   "])
        raw("tab-line-middle", lines[:mid] + [b"\t"] + lines[mid:], "control")
        raw("crlf-blank-line-end", [x + b"\r" for x in lines] + [b"\r"])
        for n in (self.ncols - 2, self.ncols - 1, self.ncols):
            raw(f"commas-line-{n}-middle", lines[:mid] + [b"," * n] + lines[mid:])
        raw(f"commas-line-{self.ncols - 1}-end", lines + [b"," * (self.ncols - 1)])
        raw("comment-line", lines[:mid] + [b"# commentaire"] + lines[mid:])
        raw("one-cell-row", lines[:mid] + [b"Zoom"] + lines[mid:])

        def table(name, new_rows, *tags):
            self.add(f"rows/{name}", self.table(new_rows), *tags)

        table("too-few-cells", rows[:2] + [rows[2][:-1]] + rows[3:])
        table("too-few-cells-last-row", rows[:-1] + [rows[-1][:-3]])
        table("too-many-cells", rows[:2] + [rows[2] + ["x"]] + rows[3:])
        table("too-many-cells-empty", rows[:2] + [rows[2] + [""]] + rows[3:])
        table("too-many-cells-all-rows-empty", [r + [""] for r in rows])
        table("too-many-cells-space", rows[:2] + [rows[2] + [" "]] + rows[3:])
        table("too-many-cells-nc", rows[:2] + [rows[2] + ["Non communiqué"]] + rows[3:])
        table("one-row", rows[:1])
        table("one-row-nc-everywhere", [[rows[0][0]] + ["Non communiqué"] * (self.ncols - 1)])

    def file_level(self) -> None:
        base = self.base
        header = self.lines()[0]
        self.add("file/empty", b"")
        self.add("file/only-newline", b"\n")
        self.add("file/only-crlf", b"\r\n")
        self.add("file/only-bom", b"\xef\xbb\xbf")
        self.add("file/only-spaces", b"   \n")
        self.add("file/header-only", header + b"\n", "header-only")
        self.add("file/header-only-no-newline", header, "header-only")
        self.add("file/header-only-crlf", header + b"\r\n", "header-only")
        self.add("file/header-only-bom", b"\xef\xbb\xbf" + header + b"\n", "header-only")
        self.add("file/header-and-blank-line", header + b"\n\n")
        self.add("file/header-and-commas-line", header + b"\n" + b"," * (self.ncols - 1) + b"\n")
        self.add("file/bom", b"\xef\xbb\xbf" + base)
        self.add("file/double-bom", b"\xef\xbb\xbf\xef\xbb\xbf" + base)
        self.add("file/crlf", base.replace(b"\n", b"\r\n"))
        self.add("file/bom-crlf", b"\xef\xbb\xbf" + base.replace(b"\n", b"\r\n"))
        self.add("file/cr-only", base.replace(b"\n", b"\r"))
        self.add("file/mixed-eol", base.replace(b"\n", b"\r\n", 3))
        self.add("file/crlf-blank-line-middle", base.replace(b"\n", b"\r\n").replace(b"\r\n", b"\r\n\r\n", 4).replace(b"\r\n\r\n", b"\r\n", 3))
        self.add("file/semicolon", base.replace(b",", b";"))
        self.add("file/tab", base.replace(b",", b"\t"), "control")
        self.add("file/pipe", base.replace(b",", b"|"))
        text = base.decode("utf-8")
        self.add("file/latin-1", text.encode("latin-1", "replace"))
        self.add("file/cp1252", text.encode("cp1252", "replace"))
        self.add("file/utf-16", text.encode("utf-16"))
        self.add("file/utf-16-no-bom", text.encode("utf-16-le"))
        lines = self.lines()
        bad = lines[4].replace("é".encode(), b"\xe9", 1)
        self.add("file/one-latin-1-byte", b"\n".join(lines[:4] + [bad] + lines[5:]) + b"\n")
        self.add("file/invalid-byte-end", base + b"\xff")
        self.add("file/truncated-utf8-end", base[:-1] + b"\xc3")
        self.add("file/nul-byte", base.replace(b"Rainbow", b"Rain\x00bow"), "control")
        self.sniffing()

    def sniffing(self) -> None:
        """frictionless lets Python's csv.Sniffer guess skipinitialspace from the first 100
        lines (the descriptor only fixes the delimiter)."""
        base = self.base
        self.add("sniff/space-after-every-comma", base.replace(b",", b", "))
        self.add("sniff/space-before-every-quote", base.replace(b',"', b', "'))
        self.add("sniff/space-before-one-quote", base.replace(b'Tixeo,"Tixeo', b'Tixeo, "Tixeo'))
        # Without any quoted field, the guess comes from the first line only.
        rows = [[c.replace(",", " ;") for c in r] for r in self.rows]
        plain = to_csv([self.header] + rows)
        assert b'"' not in plain
        self.add("sniff/no-quotes", plain)
        spaced_header = plain.replace(b",", b", ", self.ncols - 1)
        self.add("sniff/no-quotes-header-spaced", spaced_header)
        bool_col = next(c for c in range(self.ncols) if self.kind(c) == "boolean")
        rows[2][bool_col] = " " + rows[2][bool_col]
        self.add("sniff/no-quotes-lead-space-bool", to_csv([self.header] + rows))
        self.add(
            "sniff/no-quotes-header-spaced-lead-space-bool",
            to_csv([self.header] + rows).replace(b",", b", ", self.ncols - 1),
        )

    def quoting(self) -> None:
        lines = self.lines()
        idx = 4  # "Rainbow,..." line
        assert lines[idx].startswith(b"Rainbow,")
        row = lines[idx]

        def raw(name, new_row, *tags, at=idx):
            self.add(f"quote/{name}", b"\n".join(lines[:at] + [new_row] + lines[at + 1 :]) + b"\n", *tags)

        raw("unclosed-first-cell", b'"' + row)
        raw("unclosed-middle", row.replace(b",Non communiqu", b',"Non communiqu', 1))
        raw("unclosed-last-row", b'"' + lines[-1], at=len(lines) - 1)
        raw("quote-in-unquoted", row.replace(b"Rainbow", b'Rain"bow', 1))
        raw("text-after-closing-quote", b'"Rainbow"x' + row[len(b"Rainbow") :])
        raw("space-before-opening-quote", b' "Rainbow"' + row[len(b"Rainbow") :])
        raw("space-after-closing-quote", b'"Rainbow" ' + row[len(b"Rainbow") :])
        raw("quoted-key", b'"Rainbow"' + row[len(b"Rainbow") :])
        raw("doubled-quotes", b'"Rain""bow"' + row[len(b"Rainbow") :])
        raw("backslash-quote", b'Rain\\"bow' + row[len(b"Rainbow") :])
        raw("quoted-empty-key", b'""' + row[len(b"Rainbow") :])
        raw("quoted-newline-key", b'"Rain\nbow"' + row[len(b"Rainbow") :], "control")
        raw("quoted-crlf-key", b'"Rain\r\nbow"' + row[len(b"Rainbow") :], "control")
        raw("quoted-newline-end-key", b'"Rainbow\n"' + row[len(b"Rainbow") :], "control")
        raw("quoted-newline-text", row.replace(b"Alcatel-Lucent Enterprise (ALE)", b'"Alcatel-Lucent\nEnterprise"'), "control")
        raw("quoted-spaces", b'"   "' + row[len(b"Rainbow") :], "blank-string")
        raw("single-quotes", b"'Rainbow, ALE'" + row[len(b"Rainbow") :])
        raw("quoted-with-comma-ok", b'"Rainbow, ALE"' + row[len(b"Rainbow") :])

    def combinations(self) -> None:
        """Random pairs and triples of cell changes, untagged values only (a tag would hide
        another cell's disagreement)."""
        pools = {}
        for col_idx in range(self.ncols):
            pools[col_idx] = [v for v in self.pool(col_idx, "x") if not v[2] and len(v[1]) < 1000]
        for i in range(60):
            changes, labels = [], []
            for _ in range(self.rng.choice((2, 2, 3))):
                row_idx = self.rng.randrange(len(self.rows))
                col_idx = self.rng.randrange(self.ncols)
                label, value, _ = self.rng.choice(pools[col_idx])
                changes.append((row_idx, col_idx, value))
                labels.append(f"{self.header[col_idx]}@{row_idx + 2}={label}")
            self.add(f"combo/{i:03d}/" + "+".join(labels), self.with_cells(changes))


    # -- `number` columns: the repository's table has none, so these cases use a small table of
    # their own (a name, then a number column of each variant of NUMBER_FIELDS), with the
    # repository's publication and missing values.

    NUMBER_FIELDS = [
        ("point", {}),
        ("virgule", {"decimalChar": ","}),
        ("virgule-espace", {"decimalChar": ",", "groupChar": " "}),
        ("virgule-fine", {"decimalChar": ",", "groupChar": "\u202f"}),
        ("point-groupe-virgule", {"groupChar": ","}),
        ("virgule-groupe-point", {"decimalChar": ",", "groupChar": "."}),
        ("pas-nu", {"bareNumber": False}),
        ("pas-nu-virgule", {"decimalChar": ",", "bareNumber": False}),
        ("bornes", {"decimalChar": ",", "constraints": {"minimum": 0, "maximum": "99,99"}}),
        ("bornes-json", {"constraints": {"minimum": 0.5, "maximum": 1e2}}),
        ("enum", {"decimalChar": ",", "constraints": {"enum": [0.5, 1, "1,50", "12,5"]}}),
        ("unique", {"decimalChar": ",", "constraints": {"unique": True}}),
        ("requis", {"constraints": {"required": True}}),
    ]

    NUMBER_VALUES = [
        ("12.5", "12.5", ()), ("12,5", "12,5", ()), ("12.50", "12.50", ()), ("12,50", "12,50", ()),
        ("100", "100", ()), ("0", "0", ()), ("-0", "-0", ()), ("-0,0", "-0,0", ()), ("0.5", "0.5", ()),
        ("99,99", "99,99", ()), ("99,991", "99,991", ()), ("100,01", "100,01", ()), ("-0,01", "-0,01", ()),
        ("1,5", "1,5", ()), ("1.5", "1.5", ()), ("1,500", "1,500", ()),
        ("1 234,5", "1 234,5", ()), ("1 234.5", "1 234.5", ()), ("1,234.5", "1,234.5", ()),
        ("1.234,5", "1.234,5", ()), ("1nnbsp234,5", "1\u202f234,5", ()), ("1nbsp234,5", "1\u00a0234,5", ()),
        ("1 2 3,5", "1 2 3,5", ()), ("12 ,5", "12 ,5", ()), ("1.2.3", "1.2.3", ()), ("12,,5", "12,,5", ()),
        ("12,5,5", "12,5,5", ()), ("-3,25", "-3,25", ()), ("+3,25", "+3,25", ()), ("+3.25", "+3.25", ()),
        ("--5", "--5", ()), ("+-5", "+-5", ()), (".5", ".5", ()), (",5", ",5", ()), ("5.", "5.", ()),
        ("5,", "5,", ()), (".", ".", ()), (",", ",", ()), ("-", "-", ()),
        ("1e3", "1e3", ()), ("1E-3", "1E-3", ()), ("1,5e3", "1,5e3", ()), ("1.5e3", "1.5e3", ()),
        ("-1,5E+2", "-1,5E+2", ()), ("1e", "1e", ()), ("e3", "e3", ()), ("1e1_0", "1e1_0", ()),
        ("1e1001", "1e1001", ("number-digits",)), ("1e-1001", "1e-1001", ("number-digits",)),
        ("0e5000", "0e5000", ("number-digits",)),
        ("1_000,5", "1_000,5", ()), ("1_000.5", "1_000.5", ()), ("1__0", "1__0", ()), ("_1", "_1", ()),
        ("_", "_", ()),
        ("nan", "nan", ("number-special",)), ("NaN", "NaN", ("number-special",)),
        ("sNaN", "sNaN", ("number-special",)), ("NaN12", "NaN12", ("number-special",)),
        ("inf", "inf", ("number-special",)), ("-Infinity", "-Infinity", ("number-special",)),
        ("INF", "INF", ("number-special",)),
        ("12,5 %", "12,5 %", ()), ("12.5 %", "12.5 %", ()), ("12,5%", "12,5%", ()), ("%12,5", "%12,5", ()),
        ("€ 3", "€ 3", ()), ("3 €", "3 €", ()), ("-€3", "-€3", ()), ("€-3", "€-3", ()),
        ("3 € HT", "3 € HT", ()), ("env. 3", "env. 3", ()), ("12,5 points", "12,5 points", ()),
        ("space-12,5-space", " 12,5 ", ()), ("12,5-nbsp", "12,5\u00a0", ()), ("tab-12,5", "\t12,5", ("control",)),
        ("arabic-5,5", "٥,٥", ("number-digits",)), ("fullwidth-12", "１２", ("number-digits",)),
        ("12-arabic-5", "12٥", ("number-digits",)),
        ("41-digits", "9" * 41, ("number-digits",)), ("40-digits", "9" * 40, ()),
        ("tiny", "0," + "0" * 45 + "1", ("number-digits",)),
        ("0x1F", "0x1F", ()), ("abc", "abc", ()), ("oui", "Oui", ()), ("empty", "", ()), ("space", " ", ()),
        ("nc", "Non communiqué", ()), ("nc-lower", "non communiqué", ()),
    ]

    def numbers(self) -> None:
        """Every value of NUMBER_VALUES in the first variants, a seeded sample in the others
        (they differ from the first ones by their constraints), plus duplicates for `unique`."""
        descriptor = json.loads(json.dumps(self.descriptor))
        resource = descriptor["resources"][0]
        fields = [{"name": "nom", "type": "string", "constraints": {"required": True, "unique": True}}]
        for name, props in self.NUMBER_FIELDS:
            fields.append({"name": name, "type": "number", **props})
        resource["schema"] = {
            "fields": fields,
            "primaryKey": "nom",
            "missingValues": resource["schema"].get("missingValues", [""]),
        }
        number_descriptor = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
        header = [f["name"] for f in fields]
        base_row = {
            "point": "12.5", "virgule": "12,5", "virgule-espace": "1 234,5",
            "virgule-fine": "1\u202f234,5", "point-groupe-virgule": "1,234.5",
            "virgule-groupe-point": "1.234,5", "pas-nu": "12.5 %", "pas-nu-virgule": "€ 3,5",
            "bornes": "50", "bornes-json": "1", "enum": "1,5", "unique": "1", "requis": "3",
        }
        rows = []
        for i, nom in enumerate(["Alpha", "Bêta", "Gamma"]):
            row = [nom] + [base_row[name] for name, _ in self.NUMBER_FIELDS]
            row[header.index("unique")] = ["1", "2,5", "-3"][i]
            rows.append(row)

        def add(name: str, changes: list[tuple[int, str, str]], tags=()) -> None:
            changed = [list(r) for r in rows]
            for row_idx, column, value in changes:
                changed[row_idx][header.index(column)] = value
            for tag in tags:
                assert tag in KNOWN, tag
            assert name not in self.names, f"duplicate case name {name}"
            self.names.add(name)
            self.cases.append(Case(name, to_csv([header] + changed), frozenset(tags), number_descriptor))

        add("number/base", [])
        for idx, (column, _) in enumerate(self.NUMBER_FIELDS):
            values = self.NUMBER_VALUES if idx < 8 else self.rng.sample(self.NUMBER_VALUES, 12)
            for label, value, tags in values:
                add(f"number/{column}/{label}", [(1, column, value)], tags)
        for first, second in [("2,5", "2,50"), ("1", "1,0"), ("-3", "-3,000"), ("0", "-0"), ("1", "1e0")]:
            add(f"number/unique/{first}={second}", [(0, "unique", first), (1, "unique", second)])
        add("number/unique/different", [(0, "unique", "2,5"), (1, "unique", "2,51")])


def fixture_cases(directory: Path) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("*.csv")):
        tag = FIXTURE_DIVERGENCES.get(path.name)
        if tag is not None and tag not in KNOWN:
            sys.exit(f"compare.py: FIXTURE_DIVERGENCES[{path.name!r}] = {tag!r} is not a KNOWN tag")
        cases.append(Case(path.name, path.read_bytes(), frozenset([tag]) if tag else frozenset()))
    return cases


# ---------------------------------------------------------------------------------------
# Running


def run_comparatif(binary: str, workdir: Path, result: Result) -> None:
    try:
        proc = subprocess.run(
            [binary, "check", "table.csv", "--format", "json"],
            cwd=workdir,
            capture_output=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        result.cp_code, result.cp_stderr = None, "timeout (60 s)"
        return
    result.cp_code = proc.returncode
    result.cp_stdout = proc.stdout.decode("utf-8", "replace")
    result.cp_stderr = proc.stderr.decode("utf-8", "replace")


def run_frictionless_api(frictionless, workdir: Path, result: Result) -> None:
    try:
        report = frictionless.validate(str(workdir / "datapackage.json"))
    except Exception as exc:  # a crash is reported, not hidden
        result.fl_valid, result.fl_errors = None, [f"exception: {exc!r}"]
        return
    result.fl_valid = bool(report.valid)
    errors = [e for e in report.errors]
    for task in report.tasks:
        errors.extend(task.errors)
    result.fl_errors = [describe_fl_error(e.to_descriptor()) for e in errors]


_FRICTIONLESS = None


def _frictionless_init() -> None:
    global _FRICTIONLESS
    import frictionless  # noqa: PLC0415 (imported once per worker process)

    _FRICTIONLESS = frictionless


def _frictionless_worker(workdir: str) -> tuple:
    result = Result(Case("", b""))
    run_frictionless_api(_FRICTIONLESS, Path(workdir), result)
    return result.fl_valid, result.fl_errors


def run_frictionless_cli(workdir: Path, result: Result) -> None:
    proc = subprocess.run(
        ["frictionless", "validate", "datapackage.json", "--json"],
        cwd=workdir,
        capture_output=True,
        timeout=120,
    )
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        result.fl_valid, result.fl_errors = None, [f"cli exit {proc.returncode}: {proc.stderr[-500:]!r}"]
        return
    result.fl_valid = bool(report["valid"]) and proc.returncode == 0
    errors = list(report.get("errors", []))
    for task in report.get("tasks", []):
        errors.extend(task.get("errors", []))
    result.fl_errors = [describe_fl_error(e) for e in errors]


def describe_fl_error(e: dict) -> str:
    where = []
    if e.get("rowNumber") is not None:
        where.append(f"row {e['rowNumber']}")
    if e.get("fieldName"):
        where.append(e["fieldName"])
    note = e.get("note") or ""
    return f"{e.get('type')}" + (f" [{', '.join(where)}]" if where else "") + (f": {note}" if note else "")


def classify(result: Result) -> None:
    c = result.case
    if result.fl_valid is None:
        result.verdict, result.note = "UNEXPECTED", "frictionless failed to run"
        return
    if result.cp_code not in (0, 1):
        result.verdict, result.note = "UNEXPECTED", f"comparatif exit code {result.cp_code} (expected 0 or 1)"
        return
    summary = comparatif_summary(result.cp_stdout)
    if summary is None or summary.get("valid") != (result.cp_code == 0):
        result.verdict = "UNEXPECTED"
        result.note = "comparatif's JSON summary is missing or contradicts its exit code"
        return
    cp_valid = result.cp_code == 0
    if cp_valid == result.fl_valid:
        result.verdict = "agree"
        if c.tags and cp_valid:
            result.note = "documented divergence not observed (both valid)"
        return
    if result.fl_valid and not cp_valid and c.tags:
        result.verdict = "known"
        result.note = "; ".join(KNOWN[t] for t in sorted(c.tags))
        return
    result.verdict = "UNEXPECTED"
    if cp_valid:
        result.note = "frictionless: invalid, comparatif: valid (comparatif is more lenient)"
    else:
        result.note = "frictionless: valid, comparatif: invalid (no documented divergence tag)"


def comparatif_summary(stdout: str) -> dict | None:
    for line in reversed(stdout.strip().splitlines()):
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if obj.get("type") == "summary":
            return obj.get("data", {})
    return None


def comparatif_lines(stdout: str, stderr: str, limit: int = 8) -> list[str]:
    out = []
    for line in stdout.strip().splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            out.append(line)
            continue
        data = obj.get("data", {})
        if obj.get("type") == "summary":
            out.append(f"summary: valid={data.get('valid')} errors={data.get('errors')} warnings={data.get('warnings')}")
        else:
            where = "".join(
                f" {label} {data[key]}" for key, label in (("line", "ligne"), ("column", "col")) if data.get(key)
            )
            out.append(f"{data.get('severity')}[{data.get('code')}]{where}: {data.get('message')}")
    if stderr.strip():
        out.append("stderr: " + stderr.strip()[-400:])
    if len(out) > limit:
        out = out[: limit - 1] + [f"… ({len(out) - limit + 1} more)", out[-1]]
    return out


def snippet(case: Case, base: bytes | None, limit: int = 6) -> list[str]:
    """The lines of the case that are not in the base table (or the first lines)."""
    lines = case.data.splitlines(keepends=True)
    if base is not None:
        known = set(base.splitlines(keepends=True))
        changed = [(i + 1, x) for i, x in enumerate(lines) if x not in known]
    else:
        changed = []
    if not changed:
        changed = [(i + 1, x) for i, x in enumerate(lines[:3])]
    out = []
    for number, line in changed[:limit]:
        text = repr(line)[1:]
        if len(text) > 300:
            text = text[:300] + "…"
        out.append(f"{number:>5} | {text}")
    if len(changed) > limit:
        out.append(f"      | … {len(changed) - limit} more changed lines")
    out.append(f"      ({len(case.data)} bytes, {len(lines)} lines)")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, metavar="DIR", help="compare on every *.csv of DIR instead")
    parser.add_argument("--descriptor", type=Path, default=ROOT / "datapackage.json")
    parser.add_argument("--table", type=Path, default=ROOT / "table.csv", help="base table to mutate")
    parser.add_argument("--only", metavar="TEXT", help="run only cases whose name contains TEXT")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write every case under DIR (kept)")
    parser.add_argument("--cli", action="store_true", help="run the frictionless CLI instead of the API (slow)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case and known divergence")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    binary = os.environ.get("COMPARATIF_BIN") or str(ROOT / "target" / "release" / "comparatif")
    descriptor_text = args.descriptor.read_bytes()
    descriptor = json.loads(descriptor_text)
    resource_path = descriptor["resources"][0]["path"]
    if resource_path != "table.csv":
        print(f"compare.py: the descriptor's resource path is {resource_path!r}, expected 'table.csv'", file=sys.stderr)
        return 2

    if args.fixtures:
        if not args.fixtures.is_dir():
            print(f"compare.py: {args.fixtures} is not a directory", file=sys.stderr)
            return 2
        cases, base = fixture_cases(args.fixtures), None
        stale = sorted(set(FIXTURE_DIVERGENCES) - {c.name for c in cases})
        for name in stale:
            print(f"warning: FIXTURE_DIVERGENCES lists {name}, which is not in {args.fixtures}")
    else:
        base = args.table.read_bytes()
        cases = Generator(base, descriptor).build()
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    if args.list:
        for c in cases:
            print(c.name, ",".join(sorted(c.tags)))
        return 0
    if not cases:
        print("no case to run")
        return 0

    if not Path(binary).is_file():
        print(f"compare.py: comparatif binary not found: {binary} (build it or set COMPARATIF_BIN)", file=sys.stderr)
        return 2
    if not args.cli:
        try:
            import frictionless  # noqa: F401, PLC0415 (optional dependency, checked here)
        except ImportError as exc:
            print(f"compare.py: cannot import frictionless ({exc}); pip install 'frictionless>=5,<6'", file=sys.stderr)
            return 2

    started = time.monotonic()
    workroot = Path(tempfile.mkdtemp(prefix="comparatif-fl-")) if not args.keep else args.keep
    results: list[Result] = []
    try:
        dirs = []
        for i, case in enumerate(cases):
            d = workroot / f"{i:04d}"
            d.mkdir(parents=True, exist_ok=True)
            (d / "datapackage.json").write_bytes(case.descriptor or descriptor_text)
            (d / "table.csv").write_bytes(case.data)
            if args.keep:
                (d / "CASE").write_text(case.name + "\n" + ",".join(sorted(case.tags)) + "\n")
            dirs.append(d)
            results.append(Result(case))
        # comparatif runs in threads (subprocesses); frictionless, CPU-bound Python, in
        # worker processes.
        jobs = max(1, args.jobs)
        with ThreadPoolExecutor(max_workers=jobs) as threads:
            futures = [threads.submit(run_comparatif, binary, d, r) for d, r in zip(dirs, results)]
            if args.cli:
                futures += [threads.submit(run_frictionless_cli, d, r) for d, r in zip(dirs, results)]
            else:
                with ProcessPoolExecutor(max_workers=jobs, initializer=_frictionless_init) as procs:
                    verdicts = procs.map(_frictionless_worker, [str(d) for d in dirs], chunksize=4)
                    for r, (valid, errors) in zip(results, verdicts):
                        r.fl_valid, r.fl_errors = valid, errors
            for f in futures:
                f.result()
    finally:
        if not args.keep:
            shutil.rmtree(workroot, ignore_errors=True)
    elapsed = time.monotonic() - started

    for r in results:
        classify(r)

    unexpected = [r for r in results if r.verdict == "UNEXPECTED"]
    known = [r for r in results if r.verdict == "known"]
    unobserved = [r for r in results if r.verdict == "agree" and r.note]

    if args.verbose:
        for r in results:
            fl = {True: "valid", False: "invalid", None: "error"}[r.fl_valid]
            cp = {0: "valid", 1: "invalid"}.get(r.cp_code, f"exit {r.cp_code}")
            print(f"{r.verdict:10} fl={fl:7} cp={cp:7} {r.case.name}" + (f"  ({r.note})" if r.note else ""))
        print()

    for r in unexpected:
        print("=" * 100)
        print(f"UNEXPECTED {r.case.name}")
        print(f"  {r.note}")
        if r.case.tags:
            print(f"  tags: {', '.join(sorted(r.case.tags))}")
        print("  csv:")
        for line in snippet(r.case, base):
            print("    " + line)
        print(f"  frictionless: {'valid' if r.fl_valid else 'invalid' if r.fl_valid is False else 'error'}")
        for e in r.fl_errors[:8]:
            print(f"    - {e}")
        if len(r.fl_errors) > 8:
            print(f"    - … ({len(r.fl_errors) - 8} more)")
        print(f"  comparatif: exit {r.cp_code}")
        for line in comparatif_lines(r.cp_stdout, r.cp_stderr):
            print(f"    - {line}")
    if unexpected:
        print("=" * 100)

    by_tag: dict[str, int] = {}
    for r in known:
        for t in r.case.tags:
            by_tag[t] = by_tag.get(t, 0) + 1
    print(
        f"{len(results)} cases in {elapsed:.1f} s: {len(results) - len(known) - len(unexpected)} agree, "
        f"{len(known)} documented divergences ({', '.join(f'{t}: {n}' for t, n in sorted(by_tag.items())) or 'none'}), "
        f"{len(unexpected)} UNEXPECTED"
    )
    if unobserved and args.verbose:
        print("tagged cases where both tools said valid (documented divergence not observed):")
        for r in unobserved:
            print(f"  {r.case.name} [{', '.join(sorted(r.case.tags))}]")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
