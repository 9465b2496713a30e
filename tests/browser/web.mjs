// Checks the browser page of comparatif (web/dist/index.html) in a real browser.
// Usage: node web.mjs CASES.json
//
// CASES.json (written by the Rust test `web::the_page_gives_the_cli_s_verdicts_and_bytes`):
//   { "page": "/…/web/dist/index.html", "work": "/…/folder for downloads and screenshots",
//     "cases": [ { "name", "files": [paths to choose], "expect": "publie" | "refuse" |
//                  "descripteur-refuse",
//                  "outputs": "/…/folder of the CLI's files" (publie),
//                  "messages": ["lines the CLI printed", …] (refuse, and publie with warnings),
//                  "sizes": {"name": "size the CLI printed"} (publie: shown beside each link),
//                  "cells": ["line-column", …] (refuse), "time": true (report the time),
//                  "drop": true (drop the files on the page instead of choosing them),
//                  "init": true (tick « Nouveau tableau » first: the core infers the descriptor),
//                  "http": true (serve the page over HTTP from 127.0.0.1 instead of file://) } ] }
// For each case, the page is opened from disk (file://) in Debian's Chromium, the files are
// chosen through the page's <input type="file">, and:
//   - publie: every output is downloaded through its link (and the « Tout télécharger » .zip)
//     and must be byte for byte the CLI's file; the previews are shown;
//   - refuse: every line the CLI printed is in the page, each located cell is marked in the
//     grid and linked to its message and back, and nothing is offered for download;
//   - page-error: the page says why it cannot go on (two tables chosen at once);
//   - every state, the empty page first: axe-core 0 violation; the result is announced; the
//     whole session makes no request to any address (only file:, data:, blob:, about: and the
//     browser's own pages; over HTTP, the page's own address), and no CSP violation.
// Prints one line per check, then a line `FIGURES {json}` with the timings.

import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
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

async function warnings(session, kase) {
  const { page, label } = session;
  const text = await page.$$eval('#messages li, #verdict', (items) => items.map((li) => li.innerText).join('\n'));
  const lines = text.split('\n').map((l) => l.trim());
  const missing = kase.messages.filter((m) => !lines.includes(m.trim()));
  check(`${label} : les avertissements de la commande sont montrés (${kase.messages.length} lignes)`, missing.length === 0, missing.join('\n'));
}

async function published(session, kase, dir) {
  const { page, label } = session;
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });
  const links = await page.$$eval('#telechargements a[download]', (as) => as.map((a) => a.getAttribute('download')));
  const expected = readdirSync(kase.outputs).filter((n) => !n.startsWith('.')).sort();
  check(`${label} : un lien par fichier à publier (${expected.join(', ')})`, JSON.stringify([...links].sort()) === JSON.stringify(expected), links.join(', '));
  for (const name of links) {
    await page.click(`#telechargements a[download="${name}"]`);
    const bytes = await waitForDownload(dir, name);
    const cli = readFileSync(join(kase.outputs, name));
    check(`${label} : ${name} téléchargé est octet pour octet celui de la commande`, bytes !== null && Buffer.compare(bytes, cli) === 0, bytes ? `${bytes.length} octets contre ${cli.length}` : 'pas de téléchargement');
  }
  if (kase.sizes) {
    // The size beside each link is the one `comparatif build` prints (the core's format).
    const shown = await page.$$eval('#telechargements a[download]', (as) => Object.fromEntries(as.map((a) => [a.getAttribute('download'), a.querySelector('.fr-link__detail').textContent])));
    const wrong = Object.entries(kase.sizes).filter(([name, size]) => shown[name] !== size);
    check(`${label} : la taille de chaque fichier est celle que la commande écrit`, wrong.length === 0, `${JSON.stringify(wrong)} ; montrées : ${JSON.stringify(shown)}`);
  }
  const zipName = await page.$eval('#tout', (a) => a.getAttribute('download'));
  await page.click('#tout');
  const zip = await waitForDownload(dir, zipName);
  let zipped = [];
  if (zip) {
    const listing = execFileSync('python3', ['-c', `
import sys, zipfile, json, hashlib
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()}))
`, join(dir, zipName)], { encoding: 'utf8' });
    zipped = Object.entries(JSON.parse(listing));
  }
  const sameZip = zipped.length === expected.length && zipped.every(([n, h]) => {
    const path = join(kase.outputs, n);
    return existsSync(path) && execFileSync('sha256sum', [path], { encoding: 'utf8' }).startsWith(h);
  });
  check(`${label} : « Tout télécharger » donne un .zip des mêmes fichiers`, sameZip, JSON.stringify(zipped));
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
  if (expected.includes('tableau.js')) {
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
    text: [...document.querySelectorAll('#messages li, #verdict')].map((el) => el.innerText).join('\n'),
    downloads: document.querySelectorAll('#publication:not([hidden]) a[download]').length,
    published: !document.querySelector('#publication').hidden,
    marked: [...document.querySelectorAll('#grille .en-erreur')].map((el) => el.id),
    links: [...document.querySelectorAll('#messages a[href^="#"]')].map((a) => a.getAttribute('href').slice(1)),
    back: [...document.querySelectorAll('#grille .en-erreur a.signe')].map((a) => a.getAttribute('href').slice(1)),
    ids: [...document.querySelectorAll('[id]')].map((el) => el.id),
  }));
  const lines = seen.text.split('\n').map((l) => l.trim());
  const missing = kase.messages.filter((m) => !lines.includes(m.trim()));
  check(`${label} : les ${kase.messages.length} lignes de la commande sont dans la page`, missing.length === 0, missing.join('\n'));
  check(`${label} : rien n'est proposé au téléchargement`, seen.downloads === 0 && !seen.published);
  const wanted = kase.cells.map((c) => (c.includes('-') ? `cellule-${c}` : `ligne-${c}`));
  const unmarked = wanted.filter((id) => !seen.marked.includes(id));
  check(`${label} : chaque cellule désignée est marquée dans la grille (${wanted.length})`, unmarked.length === 0 && seen.marked.length === new Set(wanted).size, `non marquées : ${unmarked.join(', ')} ; marquées : ${seen.marked.join(', ')}`);
  const broken = [...seen.links, ...seen.back].filter((id) => !seen.ids.includes(id));
  check(`${label} : chaque message mène à sa cellule et chaque cellule à son message`, broken.length === 0 && seen.links.length >= wanted.length && seen.back.length === seen.marked.length, `liens cassés : ${broken.join(', ')}`);
}

async function keyboard(session) {
  const { page, label } = session;
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('body[data-pret="oui"]');
  const stops = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => document.activeElement.id || document.activeElement.tagName));
  }
  check(`${label} : au clavier, l'évitement puis le choix du fichier`, stops.includes('fichiers'), stops.join(' → '));
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
    await session.page.screenshot({ path: join(work, `${kase.name}.png`), fullPage: true });
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
