// Checks the browser page of comparatif (web/dist/index.html) in a real browser.
// Usage: node web.mjs CASES.json
//
// CASES.json (written by the Rust test `web::the_page_gives_the_cli_s_verdicts_and_bytes`):
//   { "page": "/…/web/dist/index.html", "work": "/…/folder for downloads and screenshots",
//     "cases": [ { "name", "files": [paths to choose], "expect": "publie" | "refuse" |
//                  "descripteur-refuse",
//                  "outputs": "/…/folder of the CLI's files, laid out like the repository:
//                              datapackage.json, table.csv, out/…" (publie),
//                  "messages": ["lines the CLI printed", …] (refuse, and publie with warnings),
//                  "sizes": {"name": "size the CLI printed"} (publie: shown beside each link),
//                  "cells": ["line-column", …] (refuse), "time": true (report the time),
//                  "drop": true (drop the files on the page instead of choosing them),
//                  "init": true (tick « Nouveau tableau » first: the core infers the descriptor),
//                  "http": true (serve the page over HTTP from 127.0.0.1 instead of file://),
//                  "scroll": true (refuse: « Voir la cellule » shows the cell below the grid's
//                            sticky header; scrolled sideways, the row numbers and the corner
//                            hide the cells under them),
//                  "grid_rows": n (refuse: the grid shows n rows of cells),
//                  "loop": true, "comparatif", "repository", "workbook", "date", "date_text",
//                  "note" (the content team's loop, below) } ] }
// For each case, the page is opened from disk (file://) in Debian's Chromium, the files are
// chosen through the page's <input type="file">, and:
//   - publie: every output is downloaded through its link (and the « Tout télécharger » .zip)
//     and must be byte for byte the CLI's file; the previews are shown;
//   - refuse: every line the CLI printed is in the page (« Voir les messages pour le terminal »),
//     each message is also said as « Ligne 9, colonne G (titre) : … » (or « Feuille …,
//     cellule G9 »), each located cell is marked in the grid and linked to its message and
//     back, and nothing is offered for download;
//   - loop: the page opens on the table it carries; its workbook is byte for byte what
//     `comparatif export` writes and its CSV the repository's; the workbook is edited (imported,
//     a cell changed, exported, with `comparatif`), dropped; the page shows what
//     `comparatif diff` says and proposes a note; the date and note are set, the .zip is
//     unpacked over a copy of the repository's table files, where `check` and `build --check`
//     pass and the published HTML has the note and the date; screenshots at 1280 and 390 px;
//   - page-error: the page says why it cannot go on (two tables chosen at once);
//   - every state, the empty page first: axe-core 0 violation; the result is announced; the
//     whole session makes no request to any address (only file:, data:, blob:, about: and the
//     browser's own pages; over HTTP, the page's own address), and no CSP violation.
// Prints one line per check, then a line `FIGURES {json}` with the timings.

import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'RGAAv4'];
// Browser-internal pages (the PDF viewer) are not the network either.
const LOCAL = /^(file|data|blob|about|chrome|chrome-extension):/;

const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok      ${name}`);
  } else {
    failed += 1;
    console.log(`ÉCHEC   ${name}${detail ? `\n${detail}` : ''}`);
  }
}

async function axe(page, label) {
  // Run through the DevTools protocol: the page's Content-Security-Policy forbids injected scripts.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  check(
    `${label} : axe-core ${result.testEngine.version}, 0 violation`,
    result.violations.length === 0,
    result.violations
      .map((v) => `  [${v.impact}] ${v.id} : ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary}`).join('\n')}`)
      .join('\n'),
  );
}

async function waitForDownload(dir, name) {
  const path = join(dir, name);
  for (let i = 0; i < 200; i++) {
    if (existsSync(path) && !existsSync(`${path}.crdownload`)) {
      const size = statSync(path).size;
      await new Promise((r) => setTimeout(r, 50));
      if (statSync(path).size === size) return readFileSync(path);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

// Serves the page alone over HTTP on 127.0.0.1 (a site would serve it so): its address.
async function serve() {
  const body = readFileSync(manifest.page);
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/comparatif.html` };
}

async function openPage(browser, label, figures, url = pathToFileURL(manifest.page).href) {
  const page = await browser.newPage();
  const outside = [];
  const violations = [];
  page.on('request', (request) => {
    if (!LOCAL.test(request.url()) && request.url() !== url) outside.push(request.url());
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`erreur de script : ${error.message}`));
  // The page's clock stands at noon UTC on the manifest's day (`today`): the date it proposes
  // and dates a new table with is the one the expected files were made with, whenever the test
  // runs. Time still passes (durations stay true), from that day's noon.
  await page.evaluateOnNewDocument((day) => {
    const RealDate = Date;
    const offset = RealDate.parse(`${day}T12:00:00Z`) - RealDate.now();
    globalThis.Date = class extends RealDate {
      constructor(...args) { super(...(args.length ? args : [RealDate.now() + offset])); }
      static now() { return RealDate.now() + offset; }
    };
  }, manifest.today);
  await page.setViewport({ width: 1280, height: 900 });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-pret="oui"]', { timeout: 60000 });
  figures.open_ms = figures.open_ms ?? Date.now() - started;
  // The page builds the repository's table once on its own; people choose files after that.
  await page.waitForSelector('body[data-chaud="oui"]', { timeout: 60000 });
  figures.warm_ms = figures.warm_ms ?? Date.now() - started;
  return { page, outside, violations, label };
}

async function choose(page, files, drop = false) {
  await page.evaluate(() => {
    delete document.body.dataset.etat;
    document.querySelector('#erreur-page').textContent = '';
  });
  const started = await page.evaluate(() => performance.now());
  if (drop) {
    // What a drag from the file manager gives the page: a drop event carrying the files.
    const payload = files.map((f) => ({ name: basename(f), data: readFileSync(f).toString('base64') }));
    await page.evaluate((items) => {
      const transfer = new DataTransfer();
      for (const { name, data } of items) {
        transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name));
      }
      document.querySelector('#depot').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, payload);
  } else {
    const input = await page.$('#fichiers');
    await input.uploadFile(...files);
  }
  await page.waitForFunction(() => document.body.dataset.etat || document.querySelector('#erreur-page').textContent, { timeout: 120000 });
  return (await page.evaluate(() => performance.now())) - started;
}

// The .zip the page offers, downloaded into `dir`: [path, sha256] of each file in it.
async function downloadZip(page, dir) {
  const zipName = await page.$eval('#tout', (a) => a.getAttribute('download'));
  await page.click('#tout');
  const zip = await waitForDownload(dir, zipName);
  if (!zip) return [];
  const listing = execFileSync('python3', ['-c', `
import sys, zipfile, json, hashlib
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()}))
`, join(dir, zipName)], { encoding: 'utf8' });
  return Object.entries(JSON.parse(listing));
}

// The lines of the messages in the command line's form (« Voir les messages pour le
// terminal »), and each message as shown.
async function messagesShown(page) {
  return page.evaluate(() => ({
    terminal: (document.querySelector('#messages details.terminal pre')?.textContent ?? '').split('\n').map((l) => l.trim()),
    summary: document.querySelector('#messages details.terminal summary')?.textContent ?? '',
    plain: [...document.querySelectorAll('#messages li .diagnostic__texte')].map((p) => p.textContent),
  }));
}

// Each message in an editor's words: where it is as the table shows it, then what is wrong.
// The place, then « : » after a no-break space (French spacing, as every text the page shows).
const PLACE = /^(Ligne \d+(, colonne [A-Z]+( \(.+?\))?)?|Feuille «\u00a0.+?\u00a0»(, cellule [A-Z]+\d+( \(.+?\))?|, ligne \d+)?|Le fichier)\u00a0: \S/;

function checkMessages(label, kase, shown) {
  const missing = kase.messages.filter((m) => !shown.terminal.includes(m.trim()));
  check(`${label} : les ${kase.messages.length} lignes de la commande sont sous « ${shown.summary} »`, shown.summary === 'Voir les messages pour le terminal' && missing.length === 0, missing.join('\n'));
  const odd = shown.plain.filter((p) => !PLACE.test(p) || /erreur\[|:\d+:/.test(p));
  check(`${label} : chaque message dit sa place comme le tableur (« Ligne 9, colonne G (titre) : … »)`, shown.plain.length > 0 && odd.length === 0, odd.join('\n'));
}

async function warnings(session, kase) {
  const { page, label } = session;
  checkMessages(label, kase, await messagesShown(page));
}

// Every file under `dir`, as paths relative to it (`out/tableau.pdf`, `table.csv`).
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => !basename(p).startsWith('.') && statSync(join(dir, p)).isFile())
    .sort();
}

async function published(session, kase, dir) {
  const { page, label } = session;
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });
  const links = await page.$$eval('#telechargements a[download]', (as) => as.map((a) => a.getAttribute('download')));
  const expected = filesUnder(kase.outputs);
  const byName = Object.fromEntries(expected.map((p) => [basename(p), p]));
  check(`${label} : un lien par fichier à mettre dans le dépôt (${expected.join(', ')})`, JSON.stringify([...links].sort()) === JSON.stringify(expected.map((p) => basename(p)).sort()), links.join(', '));
  await page.$eval('#telechargements', (list) => { list.closest('details').open = true; });
  for (const name of links) {
    await page.click(`#telechargements a[download="${name}"]`);
    const bytes = await waitForDownload(dir, name);
    const cli = byName[name] ? readFileSync(join(kase.outputs, byName[name])) : Buffer.alloc(0);
    check(`${label} : ${name} téléchargé est octet pour octet celui de la commande`, bytes !== null && Buffer.compare(bytes, cli) === 0, bytes ? `${bytes.length} octets contre ${cli.length}` : 'pas de téléchargement');
  }
  if (kase.sizes) {
    // The size beside each link is the one `comparatif build` prints (the core's format).
    const shown = await page.$$eval('#telechargements a[download]', (as) => Object.fromEntries(as.map((a) => [a.getAttribute('download'), a.querySelector('.fr-link__detail').textContent])));
    const wrong = Object.entries(kase.sizes).filter(([name, size]) => shown[name] !== size);
    check(`${label} : la taille de chaque fichier est celle que la commande écrit`, wrong.length === 0, `${JSON.stringify(wrong)} ; montrées : ${JSON.stringify(shown)}`);
  }
  const zipped = await downloadZip(page, dir);
  // Laid out like the repository: unpacked at its root, each file lands where `build` and
  // `check` read it.
  const sameZip = zipped.length === expected.length && zipped.every(([n, h]) => {
    const path = join(kase.outputs, n);
    return existsSync(path) && execFileSync('sha256sum', [path], { encoding: 'utf8' }).startsWith(h);
  });
  check(`${label} : « Télécharger tous les fichiers » donne un .zip des mêmes fichiers, rangés comme dans le dépôt`, sameZip, JSON.stringify(zipped));
  const previews = await page.evaluate(() => ({
    table: document.querySelector('#apercu-tableau').srcdoc.includes('<table'),
    png: document.querySelector('#vignette').src.startsWith('blob:'),
    pdf: document.querySelector('#apercu-pdf').src.startsWith('blob:'),
    card: document.querySelector('#apercu-lien').srcdoc.includes('fr-card'),
    // Isolated from the page: no same-origin access, and only the table's preview may run a
    // script (its filter).
    sandboxed: [...document.querySelectorAll('iframe[srcdoc]')].every((f) => !(f.getAttribute('sandbox') ?? 'allow-same-origin').includes('allow-same-origin')),
  }));
  check(`${label} : aperçus du tableau (cadre isolé), de la carte, de la vignette et du PDF`, Object.values(previews).every(Boolean), JSON.stringify(previews));
  await page.waitForSelector('body[data-apercus="prets"]', { timeout: 30000 });
  // The table's preview runs its filter, as the site will.
  if (expected.includes('out/tableau.js')) {
    const filters = await Promise.all(page.frames().filter((f) => f.url() === 'about:srcdoc').map((f) => f.evaluate(() => {
      const form = document.querySelector('form.comparatif__filtre');
      return form ? !form.hidden && getComputedStyle(form).display !== 'none' : null;
    }).catch(() => null)));
    check(`${label} : l'aperçu du tableau montre son filtre (tableau.js exécuté dans le cadre isolé)`, filters.includes(true), JSON.stringify(filters));
  }
  // Both frames show the thumbnail, whatever the publication's urlPrefix (`/uploads/`,
  // `https://…`: no such file beside this page).
  const images = await Promise.all(page.frames().filter((f) => f.url() === 'about:srcdoc').map((f) => f.evaluate(async () => {
    const all = [...document.images];
    await Promise.all(all.map((img) => (img.complete ? null : new Promise((r) => { img.onload = r; img.onerror = r; }))));
    return all.map((img) => `${img.naturalWidth}×${img.naturalHeight} ${img.getAttribute('src').slice(0, 40)}`);
  }).catch((error) => [`non lu : ${error.message}`])));
  check(`${label} : les deux aperçus montrent la vignette`, images.length === 2 && images.every((list) => list.length === 1 && !list[0].startsWith('0×') && !list[0].startsWith('non lu')), JSON.stringify(images));
  // The frames, for people to look at (a full-page capture leaves isolated frames blank).
  for (const id of ['apercu-tableau', 'apercu-lien']) {
    const frame = await page.$(`#${id}`);
    await frame.scrollIntoView();
    await frame.screenshot({ path: join(dir, `..`, `${kase.name}-${id}.png`) });
  }
}

async function refused(session, kase) {
  const { page, label } = session;
  const seen = await page.evaluate(() => ({
    downloads: document.querySelectorAll('#publication:not([hidden]) a[download]').length,
    published: !document.querySelector('#publication').hidden,
    marked: [...document.querySelectorAll('#grille .en-erreur')].map((el) => el.id),
    links: [...document.querySelectorAll('#messages a[href^="#"]')].map((a) => a.getAttribute('href').slice(1)),
    back: [...document.querySelectorAll('#grille .en-erreur a.signe')].map((a) => a.getAttribute('href').slice(1)),
    ids: [...document.querySelectorAll('[id]')].map((el) => el.id),
  }));
  checkMessages(label, kase, await messagesShown(page));
  check(`${label} : rien n'est proposé au téléchargement`, seen.downloads === 0 && !seen.published);
  const wanted = kase.cells.map((c) => (c.includes('-') ? `cellule-${c}` : `ligne-${c}`));
  const unmarked = wanted.filter((id) => !seen.marked.includes(id));
  check(`${label} : chaque cellule désignée est marquée dans la grille (${wanted.length})`, unmarked.length === 0 && seen.marked.length === new Set(wanted).size, `non marquées : ${unmarked.join(', ')} ; marquées : ${seen.marked.join(', ')}`);
  const broken = [...seen.links, ...seen.back].filter((id) => !seen.ids.includes(id));
  check(`${label} : chaque message mène à sa cellule et chaque cellule à son message`, broken.length === 0 && seen.links.length >= wanted.length && seen.back.length === seen.marked.length, `liens cassés : ${broken.join(', ')}`);
}

// The grid as people scroll it: « Voir la cellule … » brings the cell into view below the
// sticky header row and right of the row numbers; scrolled sideways, the row numbers hide
// the cells under them (nothing shows between them and the next column) and the corner stays.
async function gridScroll(session) {
  const { page, label } = session;
  const href = await page.$eval('#messages a[href^="#cellule-"]', (a) => a.getAttribute('href'));
  // As on a small screen, the grid scrolled to its end: the cell is above, out of view.
  await page.$eval('#grille .grille', (scroller) => {
    scroller.style.maxHeight = '12rem';
    scroller.scrollTop = scroller.scrollHeight;
  });
  await page.click(`#messages a[href="${href}"]`);
  await new Promise((r) => setTimeout(r, 300));
  const seen = await page.evaluate((id) => {
    const cell = document.getElementById(id).getBoundingClientRect();
    const scroller = document.querySelector('#grille .grille');
    // The sticky cells, where they are drawn (the thead's own box scrolls away).
    const head = scroller.querySelector('thead th:last-child').getBoundingClientRect();
    const numbers = document.getElementById(id).closest('tr').querySelector('th').getBoundingClientRect();
    const result = { cell: [cell.top, cell.left], headBottom: head.bottom, numbersRight: numbers.right, scrollTop: scroller.scrollTop };
    scroller.style.maxHeight = '';
    return result;
  }, href.slice(1));
  check(`${label} : « Voir la cellule » la montre sous la ligne des lettres et à droite des numéros de ligne`, seen.cell[0] >= seen.headBottom - 1 && seen.cell[1] >= seen.numbersRight - 1, JSON.stringify(seen));
  const sideways = await page.evaluate(() => {
    const scroller = document.querySelector('#grille .grille');
    scroller.scrollIntoView();
    scroller.scrollLeft = scroller.scrollWidth;
    scroller.scrollTop = 0;
    const row = scroller.querySelectorAll('tbody tr')[1];
    const number = row.querySelector('th').getBoundingClientRect();
    const y = number.top + number.height / 2;
    // Just right of the row numbers, and on their border: a cell of the last columns, never A.
    const right = document.elementFromPoint(number.right + 1, y);
    const on = document.elementFromPoint(number.right - 1, y);
    const cornerBox = scroller.querySelector('thead th').getBoundingClientRect();
    const corner = document.elementFromPoint(cornerBox.left + cornerBox.width / 2, cornerBox.top + cornerBox.height / 2);
    return {
      right: right?.closest('td, th')?.cellIndex ?? null,
      on: on?.closest('td, th')?.tagName ?? null,
      corner: corner?.closest('th')?.textContent ?? null,
      scrolled: scroller.scrollLeft,
    };
  });
  check(`${label} : défilée de côté, la colonne A ne se montre pas entre les numéros de ligne et les colonnes suivantes, et le coin reste « Ligne »`, sideways.scrolled > 0 && sideways.right > 1 && sideways.on === 'TH' && sideways.corner === 'Ligne', JSON.stringify(sideways));
}

// The content team's loop, from the page alone (see the header).
async function loop(session, kase, dir) {
  const { page, label } = session;
  mkdirSync(dir, { recursive: true });
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });
  const shoot = async (state) => {
    for (const width of [1280, 390]) {
      await page.setViewport({ width, height: 900 });
      await page.screenshot({ path: join(dir, '..', `boucle-${state}-${width}.png`), fullPage: true });
    }
    await page.setViewport({ width: 1280, height: 900 });
  };
  await shoot('ouverte');
  // 1. The carried table: valid, its workbook and its CSV.
  const opened = await page.evaluate(() => ({
    verdict: document.querySelector('#verdict').innerText,
    links: [...document.querySelectorAll('#publie-fichiers a[download]')].map((a) => a.getAttribute('download')),
    files: document.querySelectorAll('#telechargements a[download]').length,
  }));
  check(`${label} : la page s'ouvre sur le tableau publié, valide, avec son classeur et son CSV`, opened.verdict.includes('Tableau valide') && opened.links.includes('tableau.xlsx') && opened.links.includes('table.csv') && opened.files >= 8, JSON.stringify(opened));
  await page.click('#publie-fichiers a[download="tableau.xlsx"]');
  const workbook = await waitForDownload(dir, 'tableau.xlsx');
  check(`${label} : le classeur offert est octet pour octet celui de « comparatif export »`, workbook !== null && Buffer.compare(workbook, readFileSync(kase.workbook)) === 0, workbook ? `${workbook.length} octets contre ${statSync(kase.workbook).size}` : 'pas de téléchargement');
  await page.click('#publie-fichiers a[download="table.csv"]');
  const csv = await waitForDownload(dir, 'table.csv');
  check(`${label} : le CSV offert est le table.csv du dépôt`, csv !== null && Buffer.compare(csv, readFileSync(join(kase.repository, 'table.csv'))) === 0);
  // 2. The editor's change, with the tool's own reader and writer: one cell of the workbook.
  const edit = join(dir, '..', 'boucle-modification');
  rmSync(edit, { recursive: true, force: true });
  mkdirSync(join(edit, 'modifie'), { recursive: true });
  cpSync(join(kase.repository, 'datapackage.json'), join(edit, 'datapackage.json'));
  const tool = (args, cwd) => execFileSync(kase.comparatif, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tool(['import', join(dir, 'tableau.xlsx'), '--descriptor', 'datapackage.json', '--output', 'table.csv'], edit);
  execFileSync('python3', ['-c', `
import csv, sys
path = sys.argv[1]
rows = list(csv.reader(open(path, encoding='utf-8', newline='')))
col = rows[0].index('usage_recommande')
rows[1][col] = 'Conseillé pour les réunions de plus de 50 personnes.'
csv.writer(open(path, 'w', encoding='utf-8', newline=''), lineterminator='\\n').writerows(rows)
`, join(edit, 'table.csv')]);
  tool(['export', 'table.csv', '--descriptor', 'datapackage.json', '--output', join('modifie', 'tableau.xlsx')], edit);
  tool(['import', join('modifie', 'tableau.xlsx'), '--descriptor', 'datapackage.json', '--output', 'canonique.csv'], edit);
  const said = tool(['diff', join(kase.repository, 'table.csv'), join(edit, 'table.csv'), '--descriptor', join(kase.repository, 'datapackage.json')], edit);
  // 3. Dropped on the page: what changed, as `comparatif diff` says it, and a note proposed.
  await choose(page, [join(edit, 'modifie', 'tableau.xlsx')], true);
  const changed = await page.evaluate(() => ({
    state: document.body.dataset.etat,
    text: document.querySelector('#changements').innerText,
    date: document.querySelector('#date-maj').value,
    note: document.querySelector('#note-maj').value,
  }));
  const lines = said.split('\n').filter(Boolean).map((l) => l.replace(/^- /, '').trim());
  const shownLines = changed.text.split('\n').map((l) => l.trim());
  check(`${label} : déposé, le classeur est valide et la page montre ce que « comparatif diff » dit`, changed.state === 'publie' && lines.length > 0 && lines.every((l) => shownLines.includes(l)), `${said}\n---\n${changed.text}`);
  check(`${label} : la date proposée est celle de l'horloge de la page (UTC) et la note est tirée des changements`, changed.date === manifest.today && /^Mise à jour de « Usage recommandé » pour « .+ »$/.test(changed.note), JSON.stringify(changed));
  await shoot('deposee');
  // 4. The date and the note as the editor writes them.
  await page.$eval('#date-maj', (input, date) => {
    input.value = date;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, kase.date);
  await page.click('#note-maj', { clickCount: 3 });
  await page.$eval('#note-maj', (area) => { area.value = ''; });
  await page.type('#note-maj', kase.note);
  const stale = await page.$eval('#tout', (a) => a.hasAttribute('href'));
  check(`${label} : tant que la date et la note ne sont pas appliquées, le .zip n'est pas offert`, !stale);
  await page.evaluate(() => { delete document.body.dataset.etat; });
  await page.click('#appliquer');
  await page.waitForFunction(() => document.body.dataset.etat && document.body.dataset.majAJour === 'oui', { timeout: 120000 });
  const applied = await page.evaluate(() => ({
    state: document.body.dataset.etat,
    said: document.querySelector('#tout-maj').textContent,
    help: document.querySelector('#tout-aide').textContent,
    focus: document.activeElement.id,
  }));
  check(`${label} : la page reflète la date et la note saisies, et dit quoi faire du .zip`, applied.state === 'publie' && applied.said.includes(kase.date_text) && applied.said.includes(kase.note) && applied.help.includes('racine du dépôt'), JSON.stringify(applied));
  // 5. The .zip, unpacked at the root of a copy of the repository's table files.
  const zipped = await downloadZip(page, dir);
  await shoot('zip');
  const clone = join(dir, '..', 'boucle-depot');
  rmSync(clone, { recursive: true, force: true });
  mkdirSync(clone, { recursive: true });
  for (const name of ['datapackage.json', 'table.csv', 'out']) cpSync(join(kase.repository, name), join(clone, name), { recursive: true });
  const zipName = await page.$eval('#tout', (a) => a.getAttribute('download'));
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', join(dir, zipName), clone]);
  const paths = zipped.map(([n]) => n).sort();
  check(`${label} : le .zip est rangé comme le dépôt (table.csv et datapackage.json à la racine, out/)`, paths.includes('table.csv') && paths.includes('datapackage.json') && paths.filter((p) => p.startsWith('out/')).length === 6 && paths.length === 8, paths.join(', '));
  const runs = ['check', 'build --check'].map((command) => {
    try {
      tool(command.split(' '), clone);
      return [command, 0, ''];
    } catch (error) {
      return [command, error.status, `${error.stdout}${error.stderr}`];
    }
  });
  check(`${label} : décompressé à la racine du dépôt, « comparatif check » et « comparatif build --check » passent`, runs.every(([, code]) => code === 0), JSON.stringify(runs));
  const html = readFileSync(join(clone, 'out', 'tableau.html'), 'utf8').replace(/\u00AD|<wbr>/g, '').replace(/[\u00A0\u202F]/g, ' ').replace(/&nbsp;/g, ' ');
  check(`${label} : le HTML publié montre la note et la date saisies`, html.includes(kase.note) && html.includes(kase.date_text), html.slice(html.indexOf('Mises à jour') - 200, html.indexOf('Mises à jour') + 600));
  const descriptor = JSON.parse(readFileSync(join(clone, 'datapackage.json'), 'utf8'));
  check(`${label} : datapackage.json porte la date et la note`, descriptor.publication.updated === kase.date && descriptor.publication.history?.[0]?.note === kase.note, JSON.stringify(descriptor.publication.history));
  const modified = readFileSync(join(clone, 'table.csv'), 'utf8');
  check(`${label} : table.csv est le tableau modifié`, modified.includes('Conseillé pour les réunions de plus de 50 personnes.') && Buffer.compare(readFileSync(join(clone, 'table.csv')), readFileSync(join(edit, 'canonique.csv'))) === 0);
  // 6. An error: no date.
  await page.$eval('#date-maj', (input) => { input.value = ''; });
  await page.evaluate(() => { delete document.body.dataset.etat; });
  // (After the screenshots at 390 px, the click lands where the button was: in view first.)
  await page.$eval('#appliquer', (b) => b.scrollIntoView({ block: 'center' }));
  await page.click('#appliquer');
  await page.waitForFunction(() => document.body.dataset.etat, { timeout: 120000 });
  const refused = await page.evaluate(() => ({ state: document.body.dataset.etat, error: document.querySelector('#maj-erreur').textContent, offered: !document.querySelector('#publication').hidden }));
  check(`${label} : sans date, la page le dit et n'offre rien`, refused.state === 'mise-a-jour-refusee' && refused.error.startsWith('Indiquez la date') && !refused.offered, JSON.stringify(refused));
}

async function keyboard(session) {
  const { page, label } = session;
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('body[data-pret="oui"]');
  const stops = [];
  // The skip link, the steps' link, the carried table's downloads, then the file input.
  for (let i = 0; i < 8 && !stops.includes('fichiers'); i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => document.activeElement.id || document.activeElement.tagName));
  }
  check(`${label} : au clavier, l'évitement, le tableau publié puis le choix du fichier`, stops[0] === 'A' && stops.includes('fichiers'), stops.join(' → '));
}

const work = manifest.work;
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const figures = { page_bytes: statSync(manifest.page).size, cases: {} };
const { server, url: httpUrl } = await serve();
try {
  {
    const session = await openPage(browser, 'page vide', figures);
    await axe(session.page, 'page vide');
    check('page vide : aucune requête vers une adresse du réseau', session.outside.length === 0, session.outside.join('\n'));
    await session.page.close();
  }
  for (const kase of manifest.cases) {
    const label = `page (${kase.name}${kase.http ? ', servie en HTTP' : ''}${kase.drop ? ', fichiers déposés' : ''})`;
    const session = await openPage(browser, label, figures, kase.http ? httpUrl : undefined);
    if (kase.loop) {
      await loop(session, kase, join(work, kase.name));
      await axe(session.page, label);
      check(`${label} : aucune requête vers une adresse du réseau`, session.outside.length === 0, session.outside.join('\n'));
      check(`${label} : aucune violation de la politique de sécurité, aucune erreur de script`, session.violations.length === 0, session.violations.join('\n'));
      await session.page.close();
      continue;
    }
    if (kase.init) await session.page.click('#nouveau');
    const ms = await choose(session.page, kase.files, kase.drop);
    if (kase.time) {
      // Twice more on the same page: the first run also compiles the module's hot paths.
      const again = [await choose(session.page, kase.files), await choose(session.page, kase.files)];
      figures.cases[kase.name] = { first_ms: Math.round(ms), again_ms: again.map(Math.round) };
    }
    const state = await session.page.evaluate(() => document.body.dataset.etat || (document.querySelector('#erreur-page').textContent ? 'erreur-page' : ''));
    check(`${label} : verdict « ${kase.expect} »`, state === kase.expect, `verdict « ${state} »`);
    if (kase.expect === 'erreur-page') {
      const said = await session.page.$eval('#erreur-page', (el) => el.innerText);
      check(`${label} : la page dit pourquoi elle ne peut pas continuer (role="alert")`, said.includes(kase.says), said);
    } else {
      const announced = await session.page.$eval('#annonce', (el) => el.textContent);
      check(`${label} : le résultat est annoncé (role="status")`, announced.length > 0 && !announced.endsWith('…'), announced);
    }
    if (kase.expect === 'publie') await published(session, kase, join(work, kase.name));
    if (kase.expect === 'publie' && kase.messages) await warnings(session, kase);
    if (kase.expect === 'refuse') await refused(session, kase);
    if (kase.scroll) await gridScroll(session);
    if (kase.grid_rows) {
      const rows = await session.page.$$eval('#grille tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].filter((td) => td.textContent.trim()).length));
      check(`${label} : « Voir la ligne 1 » mène à la grille du fichier, ${kase.grid_rows} lignes de cellules`, rows.length === kase.grid_rows && rows.every((n) => n > 1), JSON.stringify(rows));
    }
    await session.page.screenshot({ path: join(work, `${kase.name}.png`), fullPage: true });
    if (kase.expect === 'refuse') {
      // A table to correct, as on a telephone too.
      await session.page.setViewport({ width: 390, height: 900 });
      await session.page.screenshot({ path: join(work, `${kase.name}-390.png`), fullPage: true });
      await session.page.setViewport({ width: 1280, height: 900 });
    }
    await axe(session.page, label);
    if (kase.name === manifest.cases[0].name) await keyboard(session);
    check(`${label} : aucune requête vers une adresse du réseau`, session.outside.length === 0, session.outside.join('\n'));
    check(`${label} : aucune violation de la politique de sécurité, aucune erreur de script`, session.violations.length === 0, session.violations.join('\n'));
    await session.page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`FIGURES ${JSON.stringify(figures)}`);
console.log(`${passed} vérifications réussies, ${failed} en échec`);
process.exit(failed === 0 ? 0 : 1);
