"""Writes the wide and tiny tables of tests/cases/geometry/, made as a new team would.

Run from tests/cases/geometry/: python3 make_tables.py. Deterministic (no randomness): the
same files every time.

- wide/: 60 rows × 20 columns: a name, an editor, a closed list, lists of words, numbers,
  booleans, an address, and three long texts (one of about 700 characters).
- tiny/: 3 rows × 4 columns.
"""
import csv
import io
import json
import os

WORDS = ('accompagnement administration agents applications archivage authentification '
         'collaboration communication confidentialité configuration déploiement documentation '
         'échanges établissements formation gouvernance hébergement identification '
         'interministériel interopérabilité maintenance messagerie ministères mutualisation '
         'numérique opérateur partenaires plateforme qualification réversibilité sauvegarde '
         'sécurité souveraineté supervision télétravail traçabilité utilisateurs visioconférence').split()
SHORT = 'le la les des une pour avec sans dans par sur et ou du au en'.split()


def sentence(seed, n_words):
    out = []
    for i in range(n_words):
        k = (seed * 7 + i * 13) % 97
        out.append(SHORT[k % len(SHORT)] if k % 3 == 0 else WORDS[k % len(WORDS)])
    text = ' '.join(out)
    return text[0].upper() + text[1:]


def text_of(seed, chars):
    parts, total, s = [], 0, seed
    while total < chars:
        p = sentence(s, 9 + s % 6) + '.'
        parts.append(p)
        total += len(p) + 1
        s += 1
    text = ' '.join(parts)[:chars]
    # Cut at the last whole word.
    text = text[: text.rfind(' ')] if ' ' in text else text
    return text.rstrip(' ,;.') + '.'


def csv_text(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\n')
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def boolean(name, title):
    return {'name': name, 'title': title, 'type': 'boolean', 'trueValues': ['Oui'],
            'falseValues': ['Non']}


def string(name, title, maxlen=1000, uri=False):
    f = {'name': name, 'title': title, 'type': 'string'}
    if uri:
        f['format'] = 'uri'
    return f


def descriptor(name, title, noun, fields, key):
    return {
        'name': name,
        'title': title,
        'publication': {
            'title': title,
            'caption': f'Comparatif des {noun[1]} ({len(fields)} critères)',
            'source': 'Tableau de test',
            'updated': '2026-01-15',
            'notes': ['Tableau fait pour les tests de mise en page.'],
            'downloadText': f'Télécharger le tableau des {noun[1]}',
            'thumbnailAlt': f'Aperçu du tableau des {noun[1]}',
            'lang': 'fr',
            'rowNoun': {'singular': noun[0], 'plural': noun[1], 'gender': noun[2]},
        },
        'resources': [{
            'name': name, 'path': 'table.csv', 'profile': 'tabular-data-resource',
            'schema': {'fields': fields, 'primaryKey': key},
        }],
    }


def write(folder, header, rows, desc):
    os.makedirs(folder, exist_ok=True)
    with open(f'{folder}/table.csv', 'w', encoding='utf-8', newline='') as f:
        f.write(csv_text(header, rows))
    with open(f'{folder}/datapackage.json', 'w', encoding='utf-8') as f:
        json.dump(desc, f, ensure_ascii=False, indent=2)
        f.write('\n')


# The wide table.
fields = [
    {**string('service', 'Service'), 'constraints': {'required': True, 'unique': True}},
    string('editeur', 'Éditeur'),
    {**string('hebergement', 'Hébergement des données'),
     'constraints': {'enum': ['France', 'Union européenne', 'Hors Union européenne']}},
    string('description', 'Description détaillée du service'),
    string('fonctions', 'Fonctionnalités principales'),
    {'name': 'utilisateurs', 'title': 'Utilisateurs (maximum)', 'type': 'integer'},
    {'name': 'stockage', 'title': 'Stockage par utilisateur (Go)', 'type': 'number',
     'decimalChar': ','},
    boolean('chiffrement', 'Chiffrement de bout en bout'),
    boolean('sso', 'Authentification unique (SSO)'),
    boolean('mobile', 'Application mobile'),
    boolean('hors_ligne', 'Mode hors ligne'),
    boolean('api', 'Interface de programmation (API)'),
    string('certifications', 'Certifications'),
    string('conditions', 'Conditions d’utilisation et limites connues'),
    string('tarif', 'Tarif'),
    {'name': 'delai', 'title': 'Délai de mise en service (jours)', 'type': 'integer'},
    boolean('libre', 'Logiciel libre'),
    string('support', 'Assistance'),
    string('remarques', 'Remarques de l’équipe'),
    string('site', 'Site', uri=True),
]
header = [f['name'] for f in fields]
rows = []
places = ['France', 'Union européenne', 'Hors Union européenne']
for i in range(60):
    long_desc = text_of(i, 700 if i % 4 == 0 else 180 + (i * 37) % 300)
    rows.append([
        f'Service numérique {i + 1:02d}',
        f'{["Société", "Association", "Ministère", "Opérateur"][i % 4]} {WORDS[i % len(WORDS)]}',
        places[i % 3],
        long_desc,
        ' ; '.join(WORDS[(i + k * 5) % len(WORDS)] for k in range(3 + i % 4)),
        str(10 + (i * 97) % 5000),
        f'{(i * 13) % 200},{i % 10}',
        ['Oui', 'Non'][i % 2],
        ['Oui', 'Non'][(i // 2) % 2],
        ['Oui', 'Non'][(i // 3) % 2],
        ['Oui', 'Non'][(i // 5) % 2],
        ['Oui', 'Non'][(i // 7) % 2],
        ' ; '.join(['SecNumCloud', 'ISO 27001', 'HDS', 'CSPN'][: 1 + i % 4]),
        text_of(i + 100, 120 + (i * 53) % 380),
        ['Gratuit', 'Gratuit jusqu’à 10 utilisateurs', 'Sur devis', '4 € par mois et par utilisateur'][i % 4],
        str(1 + (i * 11) % 90),
        ['Oui', 'Non'][(i // 4) % 2],
        ['Courriel', 'Téléphone et courriel', 'Forum communautaire', 'Guichet interministériel'][i % 4],
        text_of(i + 200, 60 + (i * 29) % 240),
        f'https://service-{i + 1:02d}.exemple.gouv.fr/presentation/offre',
    ])
write('wide', header, rows, descriptor(
    'services-numeriques', 'Quels services numériques pour les équipes ?',
    ('service', 'services', 'm'), fields, 'service'))

# The tiny table.
fields = [
    {**string('outil', 'Outil'), 'constraints': {'required': True, 'unique': True}},
    boolean('gratuit', 'Gratuit'),
    {'name': 'participants', 'title': 'Participants', 'type': 'integer'},
    string('remarque', 'Remarque'),
]
rows = [
    ['Bloc-notes partagé', 'Oui', '50', 'Hébergé par l’État'],
    ['Tableau blanc', 'Non', '12', 'Compte requis'],
    ['Sondage rapide', 'Oui', '200', 'Sans installation'],
]
write('tiny', [f['name'] for f in fields], rows, descriptor(
    'petits-outils', 'Quels petits outils pour les réunions ?',
    ('outil', 'outils', 'm'), fields, 'outil'))
