#!/usr/bin/env python3
"""Assembles web/dist/index.html: one self-contained page (web/build.sh runs it).

    python3 web/assemble.py CORE.wasm WORKBOOK.xlsx OUT.html

Inlines into web/page/index.html: the WebAssembly core (deflated, base64, in a script element
that never runs), the repository's datapackage.json (the default descriptor), its table.csv
(the table the page opens on, base64: its exact bytes) and the workbook `comparatif export`
wrote for them (base64: the bytes the page offers to edit the table), the page's
script (allowed by its hash in the Content-Security-Policy) and the styles: the DSFR's core and
the components the page uses, with the Marianne fonts and every image they refer to as data:
URLs, so that the page makes no request at all. Fails if a stylesheet refers to a file it
cannot inline. Only the standard library is used; the same inputs give the same bytes.
"""

import base64
import hashlib
import json
import os
import re
import sys
import zlib
from pathlib import Path

WEB = Path(__file__).resolve().parent
ROOT = WEB.parent
DSFR = WEB / "node_modules" / "@gouvfr" / "dsfr" / "dist"
# The DSFR's parts the page's markup uses (core first: the others build on its tokens).
STYLESHEETS = [
    "core/core.min.css",
    "component/link/link.min.css",
    "component/button/button.min.css",
    "component/alert/alert.min.css",
    "component/notice/notice.min.css",
    "component/form/form.min.css",
    "component/input/input.min.css",
    "component/upload/upload.min.css",
    "component/logo/logo.min.css",
    "component/header/header.min.css",
    "component/footer/footer.min.css",
    "component/card/card.min.css",
]
# The faces of Marianne the page shows (normal style): regular, medium, bold. Other faces are
# dropped rather than fetched.
FACES = {"400": "Marianne-Regular.woff2", "500": "Marianne-Medium.woff2", "700": "Marianne-Bold.woff2"}
MAX_PAGE_BYTES = 5_000_000


def data_url(path: Path) -> str:
    kind = {".svg": "image/svg+xml", ".woff2": "font/woff2", ".png": "image/png"}[path.suffix]
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def font_face(match: re.Match) -> str:
    rule = match.group(0)
    weight = re.search(r"font-weight:(\d+)", rule)
    if "font-family:Marianne" not in rule or "font-style:normal" not in rule or not weight:
        return ""
    name = FACES.get(weight.group(1))
    if name is None:
        return ""
    return (
        "@font-face{font-display:swap;font-family:Marianne;font-style:normal;"
        f"font-weight:{weight.group(1)};src:url({data_url(DSFR / 'fonts' / name)}) format(\"woff2\")}}"
    )


def inline_css(relative: str) -> str:
    path = DSFR / relative
    css = path.read_text(encoding="utf-8")
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    css = re.sub(r"@font-face\{[^}]*\}", font_face, css)

    def url(match: re.Match) -> str:
        target = match.group(1).strip("\"'")
        if target.startswith("data:"):
            return match.group(0)
        file = (path.parent / target).resolve()
        if not file.is_file():
            sys.exit(f"assemble.py : {relative} cite {target}, introuvable")
        return f"url({data_url(file)})"

    return re.sub(r"url\(([^)]*)\)", url, css)


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage : assemble.py CORE.wasm CLASSEUR.xlsx SORTIE.html")
    core, workbook, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    page = (WEB / "page" / "index.html").read_text(encoding="utf-8")
    script = (WEB / "page" / "app.js").read_text(encoding="utf-8")
    style = "\n".join(inline_css(s) for s in STYLESHEETS)
    style += "\n" + (WEB / "page" / "app.css").read_text(encoding="utf-8")
    descriptor = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    # The table's filter, as `comparatif build` writes it: the preview runs it inline.
    table_script = (ROOT / "src" / "export" / "html" / "tableau.js").read_text(encoding="utf-8")
    # The repository's table: the page opens on it, and compares a dropped table with it.
    carried = (ROOT / "table.csv").read_bytes()
    json.loads(descriptor)  # the default descriptor is JSON
    for name, text in [("app.js", script), ("styles", style), ("tableau.js", table_script)]:
        if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
            sys.exit(f"assemble.py : {name} ne peut pas contenir « </script », « </style » ni « <!-- »")
    # Inside a script element, « </ » would end it; « <\/ » is the same JSON.
    descriptor = descriptor.replace("</", "<\\/")
    packed = base64.b64encode(zlib.compress(core.read_bytes(), 9)).decode()
    # The script element's content as the template frames it: « <script>\n{{SCRIPT}}\n</script> ».
    script_block = f"\n{script}\n"
    digest = base64.b64encode(hashlib.sha256(script_block.encode()).digest()).decode()
    # The preview frame (sandboxed, inheriting this policy) runs tableau.js inline: its hash.
    table_digest = base64.b64encode(hashlib.sha256(table_script.encode()).digest()).decode()
    csp = "; ".join([
        "default-src 'none'",
        f"script-src 'sha256-{digest}' 'sha256-{table_digest}' 'wasm-unsafe-eval'",
        "style-src 'unsafe-inline'",
        "img-src data: blob:",
        "font-src data:",
        "frame-src blob:",
        "worker-src blob:",
        "connect-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
    ])
    version = re.search(r'^version = "([^"]+)"', (ROOT / "Cargo.toml").read_text(), re.M).group(1)
    values = {
        "CSP": csp,
        "VERSION": version,
        "DESCRIPTOR": descriptor,
        "TABLE": base64.b64encode(carried).decode(),
        "WASM": packed,
        "WORKBOOK": base64.b64encode(workbook.read_bytes()).decode(),
        "SCRIPT": script,
        "STYLE": style,
    }
    found = re.findall(r"\{\{(\w+)\}\}", page)
    if sorted(found) != sorted(values):
        sys.exit(f"assemble.py : page/index.html a les marques {found}, attendu {sorted(values)}")
    # One pass over the template: a value is never searched for marks.
    html = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], page)
    data = html.encode("utf-8")
    if len(data) > MAX_PAGE_BYTES:
        sys.exit(f"assemble.py : la page fait {len(data)} octets, plus que {MAX_PAGE_BYTES}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, out)
    print(f"{out} : {len(data) / 1e6:.2f} Mo (module {core.stat().st_size / 1e6:.2f} Mo, {len(packed) / 1e6:.2f} Mo intégré)")


if __name__ == "__main__":
    main()
