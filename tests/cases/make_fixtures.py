"""Writes the fixture tables of tests/cases/ from the repository's table.csv.

Run from tests/cases/: python3 make_fixtures.py, then UPDATE_GOLDEN=1 cargo test and read
the diff. Each reject fixture breaks one rule (plusieurs-erreurs breaks several).
"""
import csv
import io

lines = open('../../table.csv', encoding='utf-8').read().splitlines()
header = lines[0]
rows = [next(csv.reader([l])) for l in lines[1:]]
H = header.split(',')


def enc(rec):
    out = io.StringIO()
    csv.writer(out, lineterminator='\n').writerow(rec)
    return out.getvalue()[:-1]


def mod(i, **kw):
    x = list(rows[i])
    for k, v in kw.items():
        x[H.index(k)] = v
    return enc(x)


base = [enc(rows[0]), enc(rows[3])]  # WebConférence de l'État, Rainbow


def w(kind, name, lines_, final=True, raw=None):
    path = f'{kind}/{name}.csv'
    if raw is None:
        raw = ('\n'.join(lines_) + ('\n' if final else '')).encode('utf-8')
    open(path, 'wb').write(raw)


R, A = 'reject', 'accept'
latin1 = (header + '\n' + base[0] + '\n' + base[1] + '\n').replace('’', "'").replace('\u202f', '\xa0')
w(R, 'encodage-latin1', None, raw=latin1.encode('cp1252'))
w(R, 'separateur-point-virgule', [header.replace(',', ';'), ';'.join(rows[3])])
w(R, 'fichier-vide', [], final=False)
w(R, 'en-tete-seul', [header])
unclosed = list(rows[3])
unclosed[H.index('usage_recommande')] = '"Messagerie, appels'
w(R, 'guillemet-non-ferme', [header, base[0], ','.join(c if c.startswith('"') else enc([c]) for c in unclosed)])
w(R, 'en-tete-vide', [header.replace('tarif', ''), *base])
w(R, 'en-tete-duplique', [header.replace('tarif', 'editeur'), *base])
# A title line above the header, as spreadsheets often have: one message, not 24.
w(R, 'ligne-de-titre', ['Tableau comparatif des solutions de webconférence' + ',' * (len(H) - 1), header, *base])
keep = [h != 'hors_rie' for h in H]
w(R, 'colonne-manquante', [enc([h for h, k in zip(H, keep) if k]), *[enc([c for c, k in zip(r, keep) if k]) for r in (rows[0], rows[3])]])
w(R, 'colonne-inconnue', [header + ',commentaire', *[b + ',à revoir' for b in base]])
w(R, 'colonne-mal-ecrite', [header.replace('hebergement', 'Hébergement'), *base])
sw = H[:]
sw[6], sw[7] = sw[7], sw[6]
w(R, 'ordre-colonnes', [','.join(sw), *[enc([r[H.index(h)] for h in sw]) for r in (rows[0], rows[3])]])
w(R, 'ligne-vide', [header, base[0], '', base[1], ''])
w(R, 'ligne-de-virgules', [header, base[0], ',' * (len(H) - 1), base[1]])
w(R, 'cellules-manquantes', [header, base[0], enc(rows[3][:-2])])
w(R, 'cellules-en-trop', [header, base[0], enc(rows[3] + ['en trop'])])
w(R, 'cellule-vide', [header, base[0], mod(3, tarif='', audio_video='')])
w(R, 'valeur-obligatoire', [header, base[0], mod(3, solution='Non communiqué')])
w(R, 'type-entier', [header, mod(0, participants_max='vingt'), mod(3, participants_max='1 000'), mod(4, participants_max='5,5')])
w(R, 'type-booleen', [header, mod(0, audio_video='oui'), mod(3, partage_ecran='Vrai', hors_rie='NON')])
w(R, 'valeur-interdite', [header, mod(0, hebergement='france'), mod(3, hebergement='Hors UE'), mod(5, hebergement=' Union européenne')])
w(R, 'trop-petit', [header, mod(0, participants_max='1'), mod(3, participants_max='-3')])
w(R, 'trop-long', [header, base[0], mod(3, tarif='Offre gratuite (Essential) ; conférence web avec licence Business ou Enterprise, selon le nombre de participants et la durée des réunions, renouvelable chaque année')])
w(R, 'cle-en-double', [header, *base, mod(0, tarif='Gratuit')])
w(R, 'adresse-invalide', [header, mod(0, lien='www.numerique.gouv.fr'), mod(3, lien='ftp://openrainbow.com'), mod(4, lien='javascript:alert(1)')])
w(R, 'injection-formule', [header, mod(0, editeur='=HYPERLINK("http://x.example";"clic")'), mod(3, tarif='+33 1 23 45 67 89', usage_recommande='-2 participants'), mod(4, protection_donnees='@SUM(A1:A9)')])
w(R, 'caractere-interdit', [header, mod(0, editeur='État\x07 (DINUM)'), mod(3, usage_recommande='Messagerie \u202eetnod\u202c')])
w(R, 'retour-a-la-ligne', [header, base[0], mod(3, tarif='Offre gratuite\nlicence payante'), base[0].replace('WebConférence', 'Visio')])
w(R, 'plusieurs-erreurs', [header, mod(0, audio_video='oui', participants_max='beaucoup'), '', mod(3, hebergement='UE', lien='openrainbow.com'), mod(4, solution='Rainbow', editeur='=1+1'), enc(rows[5][:10])])
w(A, 'bom-crlf', None, raw=('\ufeff' + header + '\r\n' + base[0] + '\r\n' + base[1] + '\r\n').encode('utf-8'))
w(A, 'espaces', [header, mod(0, editeur=' État (DINUM) ', participants_max=' 20'), base[1]])
w(A, 'texte-html', [header, mod(0, usage_recommande='<script>alert("x")</script> et "><img src=x onerror=alert(1)>'), base[1]])
