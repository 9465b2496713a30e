"""Writes the spreadsheet fixtures of tests/cases/sheets/ from the repository's table.csv.

Run from tests/cases/sheets/: python3 make_fixtures.py, then UPDATE_GOLDEN=1 cargo test and
read the diff. Needs LibreOffice (soffice) and, for the password-protected workbook,
msoffcrypto-tool (pip install msoffcrypto-tool).

- table.xlsx, table.ods: table.csv opened and saved by LibreOffice (the byte-identical build).
- <case>.xlsx and <case>.ods for each rule: the case is written as a flat OpenDocument file
  (.fods, plain XML, here), then LibreOffice saves it as .xlsx and as .ods, so that both are
  files LibreOffice made: formulas with their value, dates, logical values, merged cells...
- The hostile files are written by hand (zipfile), since no spreadsheet would write them: zip
  bombs, entity expansion, absurd dimensions, repeated rows and columns.
"""
import csv
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..', '..')
rows = list(csv.reader(open(os.path.join(ROOT, 'table.csv'), encoding='utf-8')))
H = rows[0]
BASE = [rows[1], rows[4]]  # WebConférence de l'État, Rainbow


def soffice(src, fmt, outdir):
    subprocess.run(['soffice', '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', fmt,
                    '--outdir', outdir, src], check=True, capture_output=True)


# ---------------------------------------------------------------- flat ODS cells

def s(text):
    """A text cell; spaces kept (<text:s/>), lines as paragraphs."""
    def para(line):
        out, i = [], 0
        while i < len(line):
            j = i
            while j < len(line) and line[j] == ' ':
                j += 1
            n = j - i
            if n and (i == 0 or j == len(line) or n > 1):
                out.append(f'<text:s text:c="{n}"/>')
                i = j
                continue
            out.append(escape(line[i]))
            i += 1
        return '<text:p>' + ''.join(out) + '</text:p>'
    return ('<table:table-cell office:value-type="string" calcext:value-type="string">'
            + ''.join(para(l) for l in text.split('\n')) + '</table:table-cell>')


def n(value):
    return (f'<table:table-cell office:value-type="float" office:value="{value}" '
            f'calcext:value-type="float"><text:p>{value}</text:p></table:table-cell>')


def d(iso, shown):
    return (f'<table:table-cell table:style-name="cedate" office:value-type="date" '
            f'office:date-value="{iso}" calcext:value-type="date"><text:p>{shown}</text:p></table:table-cell>')


def b(value):
    word = 'true' if value else 'false'
    return (f'<table:table-cell table:style-name="cebool" office:value-type="boolean" office:boolean-value="{word}" '
            f'calcext:value-type="boolean"><text:p>{"VRAI" if value else "FAUX"}</text:p></table:table-cell>')


def f(formula, value):
    return (f'<table:table-cell table:formula="of:={formula}" office:value-type="float" office:value="{value}" '
            f'calcext:value-type="float"><text:p>{value}</text:p></table:table-cell>')


def merged(text, cols):
    return (f'<table:table-cell table:number-columns-spanned="{cols}" table:number-rows-spanned="1" '
            f'office:value-type="string" calcext:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'
            + '<table:covered-table-cell/>' * (cols - 1))


EMPTY_FORMATTED = '<table:table-cell table:style-name="ceyellow"/>'


def typed(row):
    """A data row of table.csv as a person types it: numbers as numbers."""
    return [n(c) if c.isdigit() else s(c) for c in row]


def fods(sheets):
    """sheets: [(name, [[cell xml]...])]."""
    tables = []
    for name, table in sheets:
        body = ''.join('<table:table-row>' + ''.join(r) + '</table:table-row>' for r in table)
        tables.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N37"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<number:boolean-style style:name="N99"><number:boolean/></number:boolean-style>
<style:style style:name="cedate" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N37"/>
<style:style style:name="cebool" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N99"/>
<style:style style:name="ceyellow" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#ffff00"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body></office:document>
'''


def both(name, sheets):
    """Writes <name>.xlsx and <name>.ods, both saved by LibreOffice from the flat file."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, name + '.fods')
        open(src, 'w', encoding='utf-8').write(fods(sheets))
        for fmt in ('xlsx', 'ods'):
            subprocess.run(['soffice', '--headless', '--convert-to', fmt, '--outdir', HERE, src],
                           check=True, capture_output=True)


def header():
    return [s(h) for h in H]


def base():
    return [typed(r) for r in BASE]


def col(name):
    return H.index(name)


def with_cell(row, name, cell):
    row = list(row)
    row[col(name)] = cell
    return row


# ---------------------------------------------------------------- the repository's table

with tempfile.TemporaryDirectory() as tmp:
    shutil.copy(os.path.join(ROOT, 'table.csv'), tmp)
    for fmt in ('xlsx', 'ods'):
        soffice(os.path.join(tmp, 'table.csv'), fmt, HERE)

# ---------------------------------------------------------------- one rule each

first, second = base()
both('formule', [('Tableau', [header(), with_cell(first, 'participants_max', f('10*2', 20)), second])])
both('date', [('Tableau', [header(),
                           with_cell(first, 'editeur', d('2026-04-09', '09/04/2026')),
                           with_cell(second, 'participants_max', d('2020-04-09', '09/04/2020'))])])
both('logique', [('Tableau', [header(),
                              with_cell(first, 'audio_video', b(True)),
                              with_cell(second, 'tarif', b(False))])])
both('fusion', [('Tableau', [header(),
                             [first[0], merged(BASE[0][1], 2)] + first[3:],
                             second])])
both('retour-a-la-ligne', [('Tableau', [header(),
                                        with_cell(first, 'usage_recommande', s('Outil par défaut\ndes agents')),
                                        second])])
both('nombre-decimal', [('Tableau', [header(), with_cell(first, 'participants_max', n('20.5')), second])])
both('lignes-vides', [('Tableau', [header(), first, [], [], [], second])])
# A merged title above the header, a common habit: one message, not one per column.
both('ligne-de-titre', [('Tableau', [[merged('Tableau comparatif des solutions de webconférence', len(H))], header(), first, second])])
# Accepted: numbers typed as numbers, spaces around a text (a warning), two sheets (a
# warning), cells formatted far beyond the table.
both('espaces', [('Tableau', [header(), with_cell(first, 'editeur', s(' État (DINUM) ')), second])])
both('plusieurs-feuilles', [('Tableau', [header(), first, second]), ('Notes', [[s('brouillon')]])])
both('feuille-nommee', [('Notes', [[s('brouillon')]]), ('solutions-webconference', [header(), first, second])])
both('cellules-formatees', [('Tableau', [header() + [EMPTY_FORMATTED] * 3, first + [EMPTY_FORMATTED], second]
                             + [[EMPTY_FORMATTED] * 20] * 30)])

# ---------------------------------------------------------------- files that are not what they say

table_xlsx = open(os.path.join(HERE, 'table.xlsx'), 'rb').read()
open(os.path.join(HERE, 'csv-renomme.xlsx'), 'wb').write(open(os.path.join(ROOT, 'table.csv'), 'rb').read())
open(os.path.join(HERE, 'tronque.xlsx'), 'wb').write(table_xlsx[:len(table_xlsx) // 2])
with tempfile.TemporaryDirectory() as tmp:
    shutil.copy(os.path.join(ROOT, 'table.csv'), tmp)
    soffice(os.path.join(tmp, 'table.csv'), 'xls', tmp)
    shutil.copy(os.path.join(tmp, 'table.xls'), os.path.join(HERE, 'ancien-format.xls'))
try:
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(table_xlsx)).encrypt('secret', out)
    open(os.path.join(HERE, 'mot-de-passe.xlsx'), 'wb').write(out.getvalue())
except ImportError:
    print('msoffcrypto-tool is missing: mot-de-passe.xlsx not rewritten')
# An encrypted .ods: its manifest declares encryption data and its parts are ciphertext.
src = zipfile.ZipFile(os.path.join(HERE, 'table.ods'))
with zipfile.ZipFile(os.path.join(HERE, 'mot-de-passe.ods'), 'w') as z:
    z.writestr(zipfile.ZipInfo('mimetype'), src.read('mimetype'))
    z.writestr('content.xml', bytes((i * 7919) % 251 for i in range(4000)), zipfile.ZIP_DEFLATED)
    z.writestr('META-INF/manifest.xml', '''<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="4000">
  <manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">
   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>
   <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/>
  </manifest:encryption-data>
 </manifest:file-entry>
</manifest:manifest>''', zipfile.ZIP_DEFLATED)

# ---------------------------------------------------------------- hostile files


def xlsx_with(name, replace):
    """table.xlsx with some parts replaced: {part: bytes}, each deflated."""
    src = zipfile.ZipFile(os.path.join(HERE, 'table.xlsx'))
    with zipfile.ZipFile(os.path.join(HERE, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = replace.get(info.filename, src.read(info.filename))
            z.writestr(info.filename, data, zipfile.ZIP_DEFLATED, compresslevel=9)


sheet = zipfile.ZipFile(os.path.join(HERE, 'table.xlsx')).read('xl/worksheets/sheet1.xml').decode()
strings = zipfile.ZipFile(os.path.join(HERE, 'table.xlsx')).read('xl/sharedStrings.xml').decode()
# A sheet that inflates to 1 Gio of spaces inside its data: refused at 64 Mio.
head, tail = sheet.split('<sheetData>')
bomb = (head + '<sheetData>').encode() + b' ' * (1 << 30) + tail.encode()
xlsx_with('bombe-zip.xlsx', {'xl/worksheets/sheet1.xml': bomb})
# The same bomb declaring its sizes as 1 kilobyte (local and central headers patched).
data = bytearray(open(os.path.join(HERE, 'bombe-zip.xlsx'), 'rb').read())
for sig, offset in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
    at = data.find(sig)
    while at != -1:
        name_len = int.from_bytes(data[at + (26 if sig == b'PK\x03\x04' else 28):][:2], 'little')
        name_at = at + (30 if sig == b'PK\x03\x04' else 46)
        if data[name_at:name_at + name_len] == b'xl/worksheets/sheet1.xml':
            data[at + offset:at + offset + 4] = (1000).to_bytes(4, 'little')
        at = data.find(sig, at + 4)
open(os.path.join(HERE, 'bombe-zip-menteuse.xlsx'), 'wb').write(bytes(data))
# Billion laughs in the shared strings, and an external entity.
lol = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol">' + ''.join(
    f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)) + ']>'
xlsx_with('entites.xlsx', {'xl/sharedStrings.xml': strings.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', lol).replace('<t>Solution</t>', '<t>&lol9;</t>', 1).encode()})
xxe = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
xlsx_with('entite-externe.xlsx', {'xl/sharedStrings.xml': strings.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', xxe).replace('<t>Solution</t>', '<t>&x;</t>', 1).encode()})
# A sheet that says it spans A1:XFD1048576, with an empty formatted cell there.
absurd = sheet.replace('<dimension ref="', '<dimension ref="A1:XFD1048576" old="')
absurd = absurd.replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')
xlsx_with('dimension-absurde.xlsx', {'xl/worksheets/sheet1.xml': absurd.encode()})
# .ods: the formatted end of a sheet as LibreOffice writes it, but huge, and a repeated
# non-empty cell.
content = zipfile.ZipFile(os.path.join(HERE, 'table.ods')).read('content.xml').decode()


def ods_with(name, content_xml):
    src = zipfile.ZipFile(os.path.join(HERE, 'table.ods'))
    with zipfile.ZipFile(os.path.join(HERE, name), 'w') as z:
        for info in src.infolist():
            data = content_xml if info.filename == 'content.xml' else src.read(info.filename)
            z.writestr(info, data, zipfile.ZIP_STORED if info.filename == 'mimetype' else zipfile.ZIP_DEFLATED)


huge_empty = ('<table:table-row table:number-rows-repeated="1048000">'
              '<table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>')
ods_with('repetitions-vides.ods', content.replace('</table:table>', huge_empty, 1).encode())
huge_full = ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" '
             'table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell></table:table-row></table:table>')
ods_with('repetitions-pleines.ods', content.replace('</table:table>', huge_full, 1).encode())
spaces = '<text:p><text:s text:c="2000000000"/></text:p>'
ods_with('espaces-geants.ods', content.replace('<text:p>Rainbow</text:p>', spaces, 1).encode())

# ---------------------------------------------------------------- each hostile family in the other format too

# A truncated .ods.
table_ods = open(os.path.join(HERE, 'table.ods'), 'rb').read()
open(os.path.join(HERE, 'tronque.ods'), 'wb').write(table_ods[:len(table_ods) // 2])
# An .ods whose content inflates to 1 Gio of spaces inside its table.
head, tail = content.split('<table:table-row', 1)
ods_bomb = head.encode() + b' ' * (1 << 30) + b'<table:table-row' + tail.encode()
ods_with('bombe-zip.ods', ods_bomb)
# The same bomb declaring its size as 1 kilobyte.
data = bytearray(open(os.path.join(HERE, 'bombe-zip.ods'), 'rb').read())
for sig, offset in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
    at = data.find(sig)
    while at != -1:
        name_len = int.from_bytes(data[at + (26 if sig == b'PK\x03\x04' else 28):][:2], 'little')
        name_at = at + (30 if sig == b'PK\x03\x04' else 46)
        if data[name_at:name_at + name_len] == b'content.xml':
            data[at + offset:at + offset + 4] = (1000).to_bytes(4, 'little')
        at = data.find(sig, at + 4)
open(os.path.join(HERE, 'bombe-zip-menteuse.ods'), 'wb').write(bytes(data))
# Billion laughs and an external entity in the content of an .ods.
decl = content[:content.index('?>') + 2]
lol_ods = '<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY lol "lol">' + ''.join(
    f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)) + ']>'
ods_with('entites.ods', content.replace(decl, lol_ods, 1).replace('<text:p>Rainbow</text:p>', '<text:p>&lol9;</text:p>', 1).encode())
xxe_ods = '<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
ods_with('entite-externe.ods', content.replace(decl, xxe_ods, 1).replace('<text:p>Rainbow</text:p>', '<text:p>&x;</text:p>', 1).encode())
# An .xlsx whose one shared string is 60 Mo of spaces (the .ods has its 2 billion <text:s/>).
giant = strings.replace('<t xml:space="preserve">Rainbow</t>', '<t xml:space="preserve">' + ' ' * 60_000_000 + '</t>', 1)
xlsx_with('espaces-geants.xlsx', {'xl/sharedStrings.xml': giant.encode()})

# ---------------------------------------------------------------- places and numbers a spreadsheet shows otherwise

# A number of 16 digits, written by hand: LibreOffice and Excel keep 15 (they show
# 9.00719925474099E+15 and save 9007199254740990), so no spreadsheet writes it; the .ods shows
# the same digits in its paragraph.
xlsx_with('nombre-trop-long.xlsx', {'xl/worksheets/sheet1.xml': sheet.replace(
    '<c r="E2" s="0" t="n"><v>20</v></c>', '<c r="E2" s="0" t="n"><v>9007199254740993</v></c>', 1).encode()})
ods_with('nombre-trop-long.ods', content.replace(
    'office:value="20" calcext:value-type="float"><text:p>20</text:p>',
    'office:value="9007199254740993" calcext:value-type="float"><text:p>9007199254740993</text:p>', 1).encode())
# The same cell twice (LibreOffice and openpyxl show the last value), cells and rows out of
# order, a cell whose reference names another row, an attribute written twice.
e2 = '<c r="E2" s="0" t="n"><v>20</v></c>'
xlsx_with('cellule-en-double.xlsx', {'xl/worksheets/sheet1.xml': sheet.replace(
    e2, e2 + '<c r="E2" s="0" t="n"><v>5000</v></c>', 1).encode()})
d2 = sheet[sheet.index('<c r="D2"'):sheet.index('<c r="E2"')]
xlsx_with('cellules-desordonnees.xlsx', {'xl/worksheets/sheet1.xml': sheet.replace(d2 + e2, e2 + d2, 1).encode()})
row3 = sheet[sheet.index('<row r="3"'):sheet.index('<row r="4"')]
xlsx_with('ligne-en-double.xlsx', {'xl/worksheets/sheet1.xml': sheet.replace(
    row3, row3 + row3.replace('<c r="E3" s="0" t="s"><v>21</v></c>', '<c r="E3" s="0" t="n"><v>5000</v></c>'), 1).encode()})
xlsx_with('cellule-hors-de-sa-ligne.xlsx', {'xl/worksheets/sheet1.xml': sheet.replace(
    e2, '<c r="E5" s="0" t="n"><v>20</v></c>', 1).encode()})
xlsx_with('attribut-en-double.xlsx', {'xl/worksheets/sheet1.xml': sheet.replace(
    e2, '<c r="E2" r="F2" s="0" t="n"><v>20</v></c>', 1).encode()})
ods_with('attribut-en-double.ods', content.replace(
    'office:value="20" calcext:value-type="float"',
    'office:value="20" office:value="5000" calcext:value-type="float"', 1).encode())
