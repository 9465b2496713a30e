// Checks the HTML outputs of comparatif in a real browser. Usage: node run.mjs DIR
//
// DIR holds what the Rust test `html::pages_pass_in_a_real_browser` wrote: for each case a
// folder (or DIR itself) with apercu.html, tableau.html, lien.html and tableau.png. For each
// case this script also writes page-dsfr.html: the fragment and the link in a minimal page that
// loads the DSFR stylesheet (@gouvfr/dsfr, pinned in package.json), and page-nue.html, the same
// without any stylesheet. Then, on each of the three pages:
//   - axe-core in Debian's Chromium (headless): WCAG 2.0, 2.1, 2.2 A and AA, best practices
//     and RGAA 4 rules, 0 violations;
//   - the Nu Html Checker (vnu-jar, Java): 0 errors (warnings are printed);
//   - at 320 px wide, the page does not scroll horizontally, only the table container does;
//     that container is the first stop of the Tab key and is named by the caption;
//   - nothing from the table ran: no dialog, no script or event handler attribute.
// Screenshots at 320 and 1280 px go to DIR/<case>/*.png for people to look at.
// Never downloads a browser: Chromium is /usr/bin/chromium (or $CHROMIUM).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const DSFR_CSS = join(dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist/dsfr.min.css');
// The jar only: its own launcher could fetch a Java runtime; Debian's java runs it.
const VNU = String(require('vnu-jar'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'RGAAv4'];
const NARROW_PX = 320;

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
function writeSitePage(dir, name, stylesheet) {
  const fragment = readFileSync(join(dir, 'tableau.html'), 'utf8');
  const link = readFileSync(join(dir, 'lien.html'), 'utf8');
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

async function checkPage(browser, path, label) {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const requests = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) {
      requests.push(request.url());
    }
  });
  const url = pathToFileURL(path).href;

  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  const ran = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    handlers: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`),
    ),
    imagesInTable: document.querySelectorAll('table img').length,
  }));
  check(
    `${label} : rien du tableau ne s’exécute`,
    dialogs.length === 0 && ran.scripts === 0 && ran.handlers.length === 0 && ran.imagesInTable === 0,
    JSON.stringify({ dialogs, ...ran }),
  );
  check(`${label} : aucune requête réseau`, requests.length === 0, requests.join('\n'));
  await page.screenshot({ path: path.replace(/\.html$/, '-1280.png'), fullPage: true });

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

  // The accessibility tree: the scroll region is named by the caption.
  const caption = await page.$eval('caption', (el) => el.textContent.replace(/\s+/g, ' ').trim());
  const snapshot = await page.accessibility.snapshot({ interestingOnly: true });
  const regions = [];
  (function walk(node) {
    if (!node) return;
    if (node.role === 'region') regions.push(node.name);
    (node.children ?? []).forEach(walk);
  })(snapshot);
  check(
    `${label} : la zone de défilement porte le nom du titre du tableau`,
    regions.some((name) => name.replace(/\s+/g, ' ').trim() === caption),
    `régions : ${JSON.stringify(regions)} ; titre : ${JSON.stringify(caption)}`,
  );

  await page.setViewport({ width: NARROW_PX, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  const narrow = await page.evaluate(() => {
    const container = document.querySelector('.fr-table__container');
    const scrolling = [...document.querySelectorAll('*')]
      .filter((el) => el.scrollWidth > el.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
      .map((el) => el.className || el.tagName);
    return {
      pageWidth: document.documentElement.scrollWidth,
      containerScrolls: container.scrollWidth > container.clientWidth,
      containerTabIndex: container.tabIndex,
      scrolling,
    };
  });
  check(
    `${label} : à ${NARROW_PX} px, la page ne défile pas horizontalement`,
    narrow.pageWidth <= NARROW_PX,
    `largeur de la page : ${narrow.pageWidth} px`,
  );
  check(
    `${label} : à ${NARROW_PX} px, seul le conteneur du tableau défile`,
    narrow.containerScrolls && narrow.scrolling.length === 1 && narrow.scrolling[0].includes('fr-table__container'),
    JSON.stringify(narrow),
  );
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.className ?? '');
  check(
    `${label} : la touche Tab atteint d’abord le conteneur du tableau`,
    focused.includes('fr-table__container') && narrow.containerTabIndex === 0,
    `élément actif : ${focused}`,
  );
  await page.screenshot({ path: path.replace(/\.html$/, '-320.png'), fullPage: true });
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
]);

// vnu names files `file:/path` (one slash): compare paths, not URLs.
const vnuMessages = vnu(pages).map((m) => ({ ...m, path: m.url ? fileURLToPath(m.url) : '' }));
const isError = (m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error';
for (const message of vnuMessages.filter((m) => !isError(m))) {
  console.log(`info    Nu Html Checker ${message.path.slice(root.length + 1)}:${message.lastLine ?? ''} : ${message.message}`);
}
const unknown = vnuMessages.filter((m) => !pages.includes(m.path));
check('Nu Html Checker : chaque message concerne une page vérifiée', unknown.length === 0, JSON.stringify(unknown));
for (const path of pages) {
  const errors = vnuMessages.filter((m) => m.path === path && isError(m));
  check(
    `${path.slice(root.length + 1)} : Nu Html Checker, 0 erreur`,
    errors.length === 0,
    errors.map((m) => `  ligne ${m.lastLine} : ${m.message}\n    ${m.extract ?? ''}`).join('\n'),
  );
}

const profile = mkdtempSync(join(tmpdir(), 'comparatif-chromium-'));
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  userDataDir: profile,
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
try {
  for (const path of pages) {
    await checkPage(browser, path, path.slice(root.length + 1));
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
