// Checks the HTML outputs of comparatif in a real browser. Usage: node run.mjs DIR
//
// DIR holds what the Rust test `html::pages_pass_in_a_real_browser` wrote: for each case a
// folder (or DIR itself) with apercu.html, tableau.html, lien.html, tableau.js and tableau.png.
// For each case this script also writes the fragment and the link in a DSFR container
// (`<main class="fr-container">`): page-dsfr.html loads the DSFR stylesheet (@gouvfr/dsfr,
// pinned in package.json), page-nue.html loads no stylesheet, and page-dsfr-filtre.html is
// page-dsfr.html with the card's last line, which loads tableau.js (left out of the other two,
// as on a site that includes the fragment alone). Then, on each page:
//   - axe-core in Debian's Chromium (headless): WCAG 2.0, 2.1, 2.2 A and AA, best practices
//     and RGAA 4 rules, 0 violations;
//   - the Nu Html Checker (vnu-jar, Java): 0 errors (warnings are printed);
//   - at 1280 and 1920 px, the table shows all its columns, with no sideways scroll;
//   - at 390 and 320 px, the page does not scroll horizontally, only the table container
//     does; the row headers stay in view when it scrolls (with DSFR's or the preview's
//     stylesheet); the caption is whole in view, a classic scroll bar counted; the title
//     never breaks inside « Covid-19 »;
//   - the scroll container is named by the caption, and the Tab key reaches it (first, on
//     pages without the filter);
//   - nothing from the table ran: no dialog, no script but tableau.js, no event handler
//     attribute;
//   - without tableau.js, every row shows and no filter control does; with it (apercu.html,
//     page-dsfr-filtre.html), filtering « Hébergement des données » = France then « Accès
//     sans installation (navigateur) » = Oui with the keyboard shows exactly the matching rows,
//     the status region says how many, the address keeps the choices (a reload restores
//     them) and the clear button shows every row again; axe-core and the Nu Html Checker
//     (on the filtered page's DOM) stay at 0; choices that match no row show a row saying
//     « Aucune solution ne correspond aux filtres choisis », gone once a row matches again;
//   - typesetting (typeset.mjs), at 1280 and 390 px: no word of the repository's table broken
//     between two letters without a hyphen (a soft hyphen) or an address break (<wbr>);
//     « Oui » and « Non » in different colours, each at least 4.5:1 on its background; the
//     card's « PDF – 23,55 ko » with its spaces drawn.
// Screenshots at 390, 1280 and 1920 px (and 1280 px filtered) go to DIR/<case>/*.png for
// people to look at. Never downloads a browser: Chromium is /usr/bin/chromium (or $CHROMIUM).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import puppeteer from 'puppeteer-core';

import { answerColours, brokenWords, cardDetail } from './typeset.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const DSFR_CSS = join(dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist/dsfr.min.css');
// The jar only: its own launcher could fetch a Java runtime; Debian's java runs it.
const VNU = String(require('vnu-jar'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'RGAAv4'];
const NARROW_PX = 320;
const PHONE_PX = 390;
const WIDE_PX = [1280, 1920];

const root = resolve(process.argv[2] ?? '');
if (!process.argv[2] || !existsSync(root)) {
  console.error('usage : node run.mjs DOSSIER (le dossier écrit par le test Rust)');
  process.exit(2);
}

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

// The fragment and the link as the site would use them: in a page with no script, the link
// under a section heading (it is a level-3 heading). `page-dsfr.html` loads DSFR's stylesheet;
// `page-nue.html` loads none (the 2020 site had no DSFR): the fragment must hold there too.
function writeSitePage(dir, name, stylesheet, script = false) {
  const fragment = readFileSync(join(dir, 'tableau.html'), 'utf8');
  // The card loads the filter (its last line): as is on the page with the filter, left out
  // on the others, as a site that includes the fragment alone.
  const card = readFileSync(join(dir, 'lien.html'), 'utf8');
  const link = script ? card : card.replace(/^<script [^\n]*<\/script>\n/m, '');
  if (!script && link.includes('<script')) throw new Error(`${dir}/lien.html: the script is not its own line`);
  const css = stylesheet ? `<link rel="stylesheet" href="${pathToFileURL(stylesheet)}">\n` : '';
  const page = `<!DOCTYPE html>
<html lang="fr" data-fr-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fragment dans une page ${stylesheet ? 'DSFR' : 'sans feuille de style'}</title>
${css}</head>
<body>
<main class="fr-container">
<h1>Fragment dans une page ${stylesheet ? 'DSFR' : 'sans feuille de style'}</h1>
${fragment}<h2>Version PDF</h2>
${link}</main>
</body>
</html>
`;
  const path = join(dir, name);
  writeFileSync(path, page);
  return path;
}

function vnu(paths) {
  let output;
  try {
    output = execFileSync('java', ['-jar', VNU, '--format', 'json', '--stdout', ...paths], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    // vnu exits 1 when it finds errors; its report is still on stdout.
    if (typeof error.stdout !== 'string' || error.stdout === '') throw error;
    output = error.stdout;
  }
  return JSON.parse(output).messages;
}

async function axeCheck(page, label) {
  await page.addScriptTag({ path: AXE });
  const axe = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  check(
    `${label} : axe-core ${axe.testEngine.version} (${AXE_TAGS.join(', ')}), 0 violation`,
    axe.violations.length === 0,
    axe.violations
      .map((v) => `  [${v.impact}] ${v.id} : ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary}`).join('\n')}`)
      .join('\n'),
  );
}

// The table as the reader sees it: its width against its container's, whether it scrolls
// sideways, and each row's name and visibility.
function tableState() {
  const container = document.querySelector('.fr-table__container');
  const table = container.querySelector('table');
  const box = container.getBoundingClientRect();
  const headers = [...table.tHead.rows[0].cells];
  const last = headers[headers.length - 1].getBoundingClientRect();
  const status = document.querySelector('.comparatif [role="status"]');
  const form = document.querySelector('.comparatif form');
  // The table's rows, not the one tableau.js adds to say that none matches.
  const dataRows = [...table.tBodies[0].rows].filter((r) => !r.classList.contains('comparatif__vide'));
  return {
    tableWidth: Math.round(table.getBoundingClientRect().width),
    containerWidth: container.clientWidth,
    scrollsSideways: container.scrollWidth > container.clientWidth,
    lastColumnInView: last.right <= box.left + container.clientWidth + 0.5,
    tableHeight: Math.round(table.getBoundingClientRect().height),
    pageWidth: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    shown: dataRows.filter((r) => r.getClientRects().length > 0).map((r) => r.cells[0].textContent.trim()),
    rows: dataRows.length,
    formShown: !!form && form.getClientRects().length > 0,
    status: status ? status.textContent : null,
    query: location.search,
  };
}

// Each row's name and its value in each column that has a filter (what the filter compares).
function tableValues() {
  const table = document.querySelector('.fr-table__container table');
  return [...table.tBodies[0].rows].filter((r) => !r.classList.contains('comparatif__vide')).map((r) => ({
    name: r.cells[0].textContent.trim(),
    values: [...r.cells].map((c) => c.getAttribute('data-valeur')),
  }));
}

// How many lines each « word-number » compound of the title (« Covid-19 ») takes: 1 each.
function compoundLines() {
  const heading = document.querySelector('h1');
  if (!heading) return [];
  const text = heading.textContent;
  const found = [];
  const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  for (const match of text.matchAll(/[\p{L}\p{N}]+-\d+/gu)) {
    // The text nodes the compound runs over.
    let offset = 0;
    const range = document.createRange();
    let started = false;
    for (const node of nodes) {
      const end = offset + node.length;
      if (!started && match.index < end) {
        range.setStart(node, match.index - offset);
        started = true;
      }
      if (started && match.index + match[0].length <= end) {
        range.setEnd(node, match.index + match[0].length - offset);
        break;
      }
      offset = end;
    }
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    found.push({ word: match[0], lines: tops.size });
  }
  return found;
}

// Issue 24, at one width: whole words (for `words`, the repository's table: a hostile case
// holds strings no column can take whole), the yes/no colours, the card's spaces.
async function typesetChecks(page, label, width, { words }) {
  if (words) {
    const broken = await page.evaluate(brokenWords);
    check(
      `${label} : à ${width} px, aucun mot coupé entre deux lettres sans trait d’union`,
      broken.length === 0,
      broken.map((b) => `  ${b.word} (… ${b.line})`).join('\n'),
    );
  }
  const colours = await page.evaluate(answerColours);
  if (colours.yes && colours.no) {
    check(
      `${label} : à ${width} px, « ${colours.yes.text} » (${colours.yes.colour}) et « ${colours.no.text} » (${colours.no.colour}) de couleurs différentes, contrastes ${colours.yes.contrast} et ${colours.no.contrast} (≥ 4,5)`,
      colours.yes.colour !== colours.no.colour && colours.yes.contrast >= 4.5 && colours.no.contrast >= 4.5,
      JSON.stringify(colours),
    );
  }
  const detail = await page.evaluate(cardDetail);
  if (detail) {
    check(
      `${label} : à ${width} px, la carte lit « ${detail.text.trim()} », une espace de chaque côté du tiret (${detail.before} et ${detail.after} px)`,
      detail.before >= 2 && detail.after >= 2,
      JSON.stringify(detail),
    );
  }
}

async function narrowChecks(page, url, label, width, { sticky }) {
  await page.setViewport({ width, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  const narrow = await page.evaluate(() => {
    const container = document.querySelector('.fr-table__container');
    const scrolling = [...document.querySelectorAll('*')]
      .filter((el) => el.scrollWidth > el.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
      .map((el) => el.className || el.tagName);
    const caption = container.querySelector('caption').getBoundingClientRect();
    const box = container.getBoundingClientRect();
    // Scrolled to the far right, the row headers stay at the container's left edge.
    container.scrollLeft = container.scrollWidth;
    const rowHeader = container.querySelector('tbody th').getBoundingClientRect();
    const scrolled = container.scrollLeft;
    container.scrollLeft = 0;
    return {
      pageWidth: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
      scrollbar: window.innerWidth - document.documentElement.clientWidth,
      containerScrolls: container.scrollWidth > container.clientWidth,
      containerTabIndex: container.tabIndex,
      scrolling,
      captionRight: Math.round(caption.right),
      captionLeft: Math.round(caption.left),
      visibleRight: Math.round(box.left + container.clientWidth),
      visibleLeft: Math.round(box.left),
      scrolled,
      rowHeaderLeft: Math.round(rowHeader.left),
    };
  });
  check(
    `${label} : à ${width} px, la page ne défile pas horizontalement`,
    narrow.pageWidth <= narrow.viewport,
    `largeur de la page : ${narrow.pageWidth} px pour ${narrow.viewport} px`,
  );
  check(
    `${label} : à ${width} px, seul le conteneur du tableau défile`,
    narrow.containerScrolls && narrow.scrolling.length === 1 && narrow.scrolling[0].includes('fr-table__container'),
    JSON.stringify(narrow),
  );
  check(
    `${label} : à ${width} px (barre de défilement de ${narrow.scrollbar} px), la légende est entière dans le conteneur`,
    narrow.captionLeft >= narrow.visibleLeft && narrow.captionRight <= narrow.visibleRight,
    JSON.stringify(narrow),
  );
  if (sticky) {
    check(
      `${label} : à ${width} px, les en-têtes de ligne restent visibles quand le tableau défile`,
      narrow.scrolled > 0 && Math.abs(narrow.rowHeaderLeft - narrow.visibleLeft) <= 1,
      JSON.stringify(narrow),
    );
  }
  const compounds = await page.evaluate(compoundLines);
  if (compounds.length > 0) {
    check(
      `${label} : à ${width} px, le titre ne se coupe pas dans « ${compounds.map((c) => c.word).join(' », « ')} »`,
      compounds.every((c) => c.lines === 1),
      JSON.stringify(compounds),
    );
  }
  return narrow;
}

// What the filter should show: the rows whose values match every choice.
function expectedRows(values, choices) {
  return values
    .filter((row) => Object.entries(choices).every(([column, value]) => row.values[column] === value))
    .map((row) => row.name);
}

function countText(shown, total) {
  const group = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202F');
  if (shown === 0) return `Aucune solution sur ${group(total)}`;
  if (shown === 1) return `1 solution sur ${group(total)}`;
  return `${group(shown)} solutions sur ${group(total)}`;
}

// Tab until `selector` has the focus (at most `limit` presses); whether it got it.
async function tabTo(page, selector, limit = 40) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

// A choice made with the keyboard only: Tab to the select, then arrows down to the option.
async function chooseWithKeyboard(page, column, value) {
  const selector = `select[data-colonne="${column}"]`;
  const reached = await tabTo(page, selector);
  const target = await page.$eval(selector, (s, v) => [...s.options].findIndex((o) => o.value === v), value);
  for (let i = await page.$eval(selector, (s) => s.selectedIndex); i < target; i += 1) {
    await page.keyboard.press('ArrowDown');
  }
  return reached && (await page.$eval(selector, (s) => s.value)) === value;
}

async function filterChecks(page, url, path, label, snapshots) {
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  const before = await page.evaluate(tableState);
  const values = await page.evaluate(tableValues);
  check(`${label} : le filtre est affiché, toutes les lignes aussi`, before.formShown && before.shown.length === before.rows, JSON.stringify(before));
  check(`${label} : la zone d’état dit « ${countText(before.rows, before.rows)} »`, before.status === countText(before.rows, before.rows), JSON.stringify(before.status));
  const controls = await page.evaluate(() =>
    [...document.querySelectorAll('.comparatif select')].map((s) => ({
      column: Number(s.dataset.colonne),
      // Soft hyphens (where long words may break) are no part of the words.
      label: s.labels[0]?.textContent.replace(/\u00AD/g, '').trim(),
      title: document.querySelector('.fr-table__container table').tHead.rows[0].cells[Number(s.dataset.colonne)].textContent.replace(/\u00AD/g, '').trim(),
      first: s.options[0].textContent,
      classes: s.className,
    })),
  );
  check(
    `${label} : une liste par colonne à valeurs fermées, nommée par le titre de la colonne, « Indifférent » d’abord`,
    controls.length > 0 && controls.every((c) => c.label === c.title && c.first === 'Indifférent' && c.classes.includes('fr-select')),
    JSON.stringify(controls),
  );
  // The screen reader's view: each list is a combobox named by its column.
  const nodes = [];
  (function walk(node) {
    if (!node) return;
    nodes.push(node);
    (node.children ?? []).forEach(walk);
  })(await page.accessibility.snapshot({ interestingOnly: true }));
  const named = controls.every((c) => nodes.some((n) => n.role === 'combobox' && n.name.replace(/\u00AD/g, '') === c.title));
  check(`${label} : dans l’arbre d’accessibilité, chaque liste porte le nom de sa colonne`, named, JSON.stringify(nodes.filter((n) => n.role === 'combobox').map((n) => n.name)));

  const columnOf = (title) => controls.find((c) => c.title === title)?.column;
  const hosting = columnOf('Hébergement des données');
  const browser = columnOf('Accès sans installation (navigateur)');
  const steps = [
    [hosting, 'France'],
    [browser, 'Oui'],
  ];
  const choices = {};
  for (const [column, value] of steps) {
    choices[column] = value;
    const chosen = await chooseWithKeyboard(page, column, value);
    const state = await page.evaluate(tableState);
    const expected = expectedRows(values, choices);
    check(
      `${label} : au clavier, ${Object.entries(choices).map(([c, v]) => `« ${controls.find((x) => x.column === Number(c)).title} » = ${v}`).join(' puis ')} montre ${expected.length} ligne(s) : ${expected.join(', ')}`,
      chosen && JSON.stringify(state.shown) === JSON.stringify(expected) && expected.length < before.rows,
      JSON.stringify({ chosen, shown: state.shown, expected }),
    );
    check(
      `${label} : la zone d’état (role="status") dit « ${countText(expected.length, before.rows)} »`,
      state.status === countText(expected.length, before.rows),
      JSON.stringify(state.status),
    );
  }
  const filtered = await page.evaluate(tableState);
  const names = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('.comparatif select')].map((s) => [s.dataset.colonne, s.name])),
  );
  const params = new URLSearchParams(filtered.query);
  check(
    `${label} : l’adresse garde les choix (${decodeURIComponent(filtered.query)})`,
    steps.every(([column, value]) => params.get(names[column]) === value),
    filtered.query,
  );
  // What a screen reader finds: a status whose text is the count.
  const tree = await page.accessibility.snapshot({ interestingOnly: false });
  const statuses = [];
  (function walk(node, inStatus) {
    if (!node) return;
    const here = inStatus || node.role === 'status';
    if (here && node.name) statuses.push(node.name);
    (node.children ?? []).forEach((child) => walk(child, here));
  })(tree, false);
  check(
    `${label} : le lecteur d’écran trouve « ${filtered.status} » dans la zone d’état`,
    statuses.includes(filtered.status),
    JSON.stringify(statuses),
  );
  await page.screenshot({ path: path.replace(/\.html$/, '-filtre-1280.png'), fullPage: true });
  // The filtered page's DOM, for the Nu Html Checker (before axe-core adds its script).
  const snapshot = path.replace(/\.html$/, '-filtre.html');
  writeFileSync(snapshot, `<!DOCTYPE html>\n${await page.evaluate(() => document.documentElement.outerHTML)}\n`);
  snapshots.push(snapshot);
  await axeCheck(page, `${label} (filtré)`);

  // The address alone gives the same view (a shared link).
  await page.goto(`${url}${filtered.query}`, { waitUntil: 'load' });
  const reloaded = await page.evaluate(tableState);
  check(
    `${label} : la même adresse rouverte montre les mêmes lignes`,
    JSON.stringify(reloaded.shown) === JSON.stringify(filtered.shown) && reloaded.status === filtered.status,
    JSON.stringify(reloaded),
  );
  const cleared = (await tabTo(page, '.comparatif__effacer')) && (await page.keyboard.press('Enter'), true);
  const after = await page.evaluate(tableState);
  check(
    `${label} : « Effacer les filtres » (clavier) montre à nouveau toutes les lignes`,
    cleared && after.shown.length === after.rows && after.status === countText(after.rows, after.rows) && !after.query.includes('='),
    JSON.stringify(after),
  );
  await emptyFilterChecks(page, label, values, controls);
}

// Choices that match no row: a row of the table says so, and goes once a row matches again.
async function emptyFilterChecks(page, label, values, controls) {
  const options = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('.comparatif select')].map((s) => [s.dataset.colonne, [...s.options].map((o) => o.value).filter((v) => v !== '')])),
  );
  let none = null;
  for (const a of controls) {
    for (const b of controls) {
      if (a.column >= b.column) continue;
      for (const x of options[a.column]) {
        for (const y of options[b.column]) {
          if (!none && expectedRows(values, { [a.column]: x, [b.column]: y }).length === 0) none = { [a.column]: x, [b.column]: y };
        }
      }
    }
  }
  if (!none) {
    check(`${label} : des choix qui ne montrent aucune ligne existent`, false, JSON.stringify(options));
    return;
  }
  const choose = (choices) =>
    page.evaluate((wanted) => {
      const form = document.querySelector('.comparatif form');
      for (const select of form.querySelectorAll('select')) select.value = wanted[select.dataset.colonne] ?? '';
      form.dispatchEvent(new Event('change', { bubbles: true }));
    }, choices);
  const message = () =>
    page.evaluate(() => {
      const table = document.querySelector('.fr-table__container table');
      const row = [...table.tBodies[0].rows].find((r) => r.getClientRects().length > 0 && r.cells.length === 1);
      return row
        ? { text: row.textContent, span: row.cells[0].colSpan, columns: table.tHead.rows[0].cells.length }
        : null;
    });
  await choose(none);
  const state = await page.evaluate(tableState);
  const shown = await message();
  const wanted = 'Aucune solution ne correspond aux filtres choisis';
  check(
    `${label} : des choix qui ne montrent aucune ligne (${JSON.stringify(none)}) : une ligne du tableau dit « ${wanted} », la zone d’état « ${countText(0, state.rows)} »`,
    shown !== null && shown.text === wanted && shown.span === shown.columns && state.status === countText(0, state.rows),
    JSON.stringify({ shown, status: state.status }),
  );
  await axeCheck(page, `${label} (aucune ligne)`);
  await choose({});
  const again = await message();
  const after = await page.evaluate(tableState);
  check(
    `${label} : le filtre effacé, la ligne « ${wanted} » disparaît`,
    again === null && after.shown.length === after.rows,
    JSON.stringify({ again, shown: after.shown.length }),
  );
}

async function checkPage(browser, path, label, snapshots) {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const requests = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) {
      requests.push(request.url());
    }
  });
  const url = pathToFileURL(path).href;
  const withScript = readFileSync(path, 'utf8').includes('<script src="tableau.js"');
  const styled = !path.endsWith('page-nue.html');
  const repository = label.startsWith('webconference');

  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  const ran = await page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? 'en ligne'),
    handlers: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`),
    ),
    imagesInTable: document.querySelectorAll('table img').length,
  }));
  check(
    `${label} : rien du tableau ne s’exécute (aucun script que tableau.js, chargé par son adresse)`,
    dialogs.length === 0 &&
      ran.scripts.every((src) => src === 'tableau.js') &&
      ran.scripts.length === (withScript ? 1 : 0) &&
      ran.handlers.length === 0 &&
      ran.imagesInTable === 0 &&
      errors.length === 0,
    JSON.stringify({ dialogs, errors, ...ran }),
  );
  check(`${label} : aucune requête réseau`, requests.length === 0, requests.join('\n'));
  const wide = {};
  for (const width of WIDE_PX) {
    await page.setViewport({ width, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
    const state = await page.evaluate(tableState);
    wide[width] = state;
    check(
      `${label} : à ${width} px, le tableau (${state.tableWidth} px, ${state.tableHeight} px de haut) tient dans son conteneur (${state.containerWidth} px) : toutes les colonnes, aucun défilement horizontal`,
      !state.scrollsSideways && state.lastColumnInView && state.pageWidth <= state.viewport,
      JSON.stringify(state),
    );
    await page.screenshot({ path: path.replace(/\.html$/, `-${width}.png`), fullPage: true });
    if (width === 1280) await typesetChecks(page, label, width, { words: repository });
  }
  const state = wide[1280];
  if (withScript) {
    check(`${label} : avec tableau.js, le filtre s’affiche`, state.formShown, JSON.stringify(state));
  } else {
    check(
      `${label} : sans tableau.js, toutes les lignes s’affichent et aucun contrôle`,
      state.shown.length === state.rows && !state.formShown,
      JSON.stringify(state),
    );
  }
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  await axeCheck(page, label);

  // The accessibility tree: the scroll region is named by the caption.
  const caption = await page.$eval('caption', (el) => el.textContent.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim());
  const snapshot = await page.accessibility.snapshot({ interestingOnly: true });
  const regions = [];
  const controls = [];
  (function walk(node) {
    if (!node) return;
    if (node.role === 'region') regions.push(node.name);
    if (['combobox', 'button'].includes(node.role)) controls.push(node.name);
    (node.children ?? []).forEach(walk);
  })(snapshot);
  check(
    `${label} : la zone de défilement porte le nom du titre du tableau`,
    regions.some((name) => name.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim() === caption),
    `régions : ${JSON.stringify(regions)} ; titre : ${JSON.stringify(caption)}`,
  );
  if (!withScript) {
    check(`${label} : sans tableau.js, aucun contrôle du filtre dans l’arbre d’accessibilité`, controls.length === 0, JSON.stringify(controls));
  }

  let narrow;
  for (const width of [PHONE_PX, NARROW_PX]) {
    narrow = await narrowChecks(page, url, label, width, { sticky: styled });
    if (width === PHONE_PX) {
      await page.screenshot({ path: path.replace(/\.html$/, `-${width}.png`), fullPage: true });
      await typesetChecks(page, label, width, { words: repository });
    }
  }
  // The scroll container is a Tab stop: the first one when there is no filter, after the
  // filter's controls when there is one.
  const reached = await tabTo(page, '.fr-table__container', withScript ? 40 : 1);
  check(
    `${label} : la touche Tab atteint le conteneur du tableau${withScript ? ' après le filtre' : ' en premier'}`,
    reached && narrow.containerTabIndex === 0,
    `élément actif : ${await page.evaluate(() => document.activeElement?.className ?? '')}`,
  );
  if (withScript) {
    await filterChecks(page, url, path, label, snapshots);
  }
  await page.close();
}

const cases = existsSync(join(root, 'apercu.html'))
  ? [root]
  : readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'apercu.html')))
      .map((entry) => join(root, entry.name))
      .sort();
if (cases.length === 0) {
  console.error(`aucun apercu.html dans ${root}`);
  process.exit(2);
}

const pages = cases.flatMap((dir) => [
  join(dir, 'apercu.html'),
  writeSitePage(dir, 'page-dsfr.html', DSFR_CSS),
  writeSitePage(dir, 'page-nue.html', null),
  writeSitePage(dir, 'page-dsfr-filtre.html', DSFR_CSS, true),
]);

// The Nu Html Checker's CSS grammar predates CSS Containment 3 (`container-type` and the
// `cqw` unit, in every current browser since 2023), which the fragment uses to keep its
// caption within the scroll container: these messages, about exactly those, are not errors.
function outdatedCss(m) {
  return (
    (m.message === 'CSS: “container-type”: Property “container-type” doesn’t exist.' ||
      m.message === 'CSS: “container-type”: Property “container-type” doesn\'t exist.') ||
    (m.message === 'CSS: “max-width”: Unknown dimension.' && /max-width:\s*100cqw/.test(m.extract ?? ''))
  );
}

function vnuCheck(paths, what) {
  // vnu names files `file:/path` (one slash): compare paths, not URLs.
  const messages = vnu(paths)
    .map((m) => ({ ...m, path: m.url ? fileURLToPath(m.url) : '' }))
    .filter((m) => !outdatedCss(m));
  const isError = (m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error';
  for (const message of messages.filter((m) => !isError(m))) {
    console.log(`info    Nu Html Checker ${message.path.slice(root.length + 1)}:${message.lastLine ?? ''} : ${message.message}`);
  }
  const unknown = messages.filter((m) => !paths.includes(m.path));
  check(`Nu Html Checker (${what}) : chaque message concerne une page vérifiée`, unknown.length === 0, JSON.stringify(unknown));
  for (const path of paths) {
    const errors = messages.filter((m) => m.path === path && isError(m));
    check(
      `${path.slice(root.length + 1)} : Nu Html Checker, 0 erreur`,
      errors.length === 0,
      errors.map((m) => `  ligne ${m.lastLine} : ${m.message}\n    ${m.extract ?? ''}`).join('\n'),
    );
  }
}

vnuCheck(pages, 'pages');

const profile = mkdtempSync(join(tmpdir(), 'comparatif-chromium-'));
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  userDataDir: profile,
  // Classic scroll bars, as on most desktops: a width counted in `100vw` shows.
  ignoreDefaultArgs: ['--hide-scrollbars'],
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Containers often have a tiny /dev/shm.
    '--disable-dev-shm-usage',
    '--allow-file-access-from-files',
  ],
});
const snapshots = [];
try {
  for (const path of pages) {
    await checkPage(browser, path, path.slice(root.length + 1), snapshots);
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
if (snapshots.length > 0) vnuCheck(snapshots, 'pages filtrées');

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
