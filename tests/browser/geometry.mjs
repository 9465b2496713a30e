// Checks the HTML table's geometry in Chromium as readers see it. Usage: node geometry.mjs DIR
//
// DIR holds what the Rust test `geometry::html_columns_fit_their_words_in_a_real_browser`
// wrote: one folder per case with tableau.html (the fragment) and apercu.html (the preview).
// For each case the fragment goes into a DSFR container (`<main class="fr-container">`) in a
// page that loads DSFR's stylesheet and its Marianne fonts (page-dsfr.html), as on the site;
// the preview is checked as it is (Marianne when installed, else its fallback). At 1280 and
// 390 px:
//   - no column is narrower than its longest word as drawn (words of the table's text, in the
//     font and size the browser uses, cut after spaces and hyphens as the browser may;
//     addresses, which break at their own places, are left out), measured with the canvas's
//     measureText after the fonts have loaded; for cases whose `wholeWordsUpTo` is set in
//     DIR/limits.json, only words of at most that many characters (a table that keeps to the
//     screen's width at the cost of its longer words, hyphenated);
//   - the table is never wider than its container unless the container scrolls sideways,
//     and the page itself does not scroll sideways;
//   - for cases listed in DIR/limits.json: the tallest body row is at most `maxRowPx` at
//     1280 px; when `scrolls` is true the table scrolls sideways in its container at 1280 px
//     and, scrolled, its row headers stay at the container's left edge (sticky).
// Prints, per case and width, the tallest row, the widths and the words broken across two
// lines (for people to read). Screenshots go to DIR/<case>/geometrie-<page>-<width>.png.
// Never downloads a browser: Chromium is /usr/bin/chromium (or $CHROMIUM).

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import puppeteer from 'puppeteer-core';

import { brokenWords } from './typeset.mjs';

const require = createRequire(import.meta.url);
const DSFR_CSS = join(dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist/dsfr.min.css');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WIDTHS = [1280, 390];

const root = resolve(process.argv[2] ?? '');
if (!process.argv[2] || !existsSync(root)) {
  console.error('usage : node geometry.mjs DOSSIER');
  process.exit(2);
}
const limits = existsSync(join(root, 'limits.json')) ? JSON.parse(readFileSync(join(root, 'limits.json'), 'utf8')) : {};

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

function writeDsfrPage(dir) {
  const fragment = readFileSync(join(dir, 'tableau.html'), 'utf8');
  const page = `<!DOCTYPE html>
<html lang="fr" data-fr-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fragment dans une page DSFR</title>
<link rel="stylesheet" href="${pathToFileURL(DSFR_CSS)}">
</head>
<body>
<main class="fr-container">
<h1>Fragment dans une page DSFR</h1>
${fragment}</main>
</body>
</html>
`;
  const path = join(dir, 'page-dsfr.html');
  writeFileSync(path, page);
  return path;
}

// Runs in the page: every column's content width against the widest word of its cells, the
// words broken across lines, the tallest row, and how the container scrolls.
async function measure(wholeWordsUpTo) {
  await document.fonts.ready;
  const container = document.querySelector('.fr-table__container');
  const table = container.querySelector('table');
  const canvas = document.createElement('canvas').getContext('2d');
  const rows = [table.tHead.rows[0], ...table.tBodies[0].rows];
  const columns = [...table.tHead.rows[0].cells].map((th) => ({
    title: th.textContent.trim(),
    width: 0,
    word: '',
    wordWidth: 0,
  }));
  const broken = [];
  const isAddress = (w) => /:\/\/|^www\.|@/.test(w);
  for (const row of rows) {
    [...row.cells].forEach((cell, c) => {
      const style = getComputedStyle(cell);
      const content = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      columns[c].width = content;
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // Visually hidden texts (for screen readers) are not drawn in the column.
        if (node.parentElement.closest('.fr-sr-only')) continue;
        // Words as the browser may break them: after spaces, and after a hyphen.
        for (const match of node.data.matchAll(/[^\s\u00a0\u202f-]+-?/g)) {
          const word = match[0].replaceAll('\u00ad', '');
          if (isAddress(word) || isAddress(node.data)) continue;
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          // A break at a soft hyphen shows a hyphen: only breaks between two letters count.
          if (tops.size > 1 && !match[0].includes('\u00ad')) broken.push(word);
          if ([...word].length > wholeWordsUpTo) continue;
          const width = canvas.measureText(word).width;
          if (width > columns[c].wordWidth) {
            columns[c].wordWidth = width;
            columns[c].word = word;
          }
        }
      }
    });
  }
  const heights = [...table.tBodies[0].rows].map((r) => r.getBoundingClientRect().height);
  // Scrolled sideways, the row header of the first row stays at the container's left.
  const before = container.scrollLeft;
  container.scrollLeft = 10_000;
  const header = table.tBodies[0].rows[0].querySelector('th[scope="row"]');
  const stickyOffset = Math.abs(header.getBoundingClientRect().left - container.getBoundingClientRect().left);
  const scrolled = container.scrollLeft;
  container.scrollLeft = before;
  return {
    columns,
    broken,
    tallestRow: Math.round(Math.max(...heights)),
    tableWidth: table.getBoundingClientRect().width,
    containerWidth: container.clientWidth,
    scrollsSideways: container.scrollWidth > container.clientWidth + 0.5,
    scrolled,
    stickyOffset,
    pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    fonts: [...new Set([...table.querySelectorAll('td, th')].slice(0, 50).map((c) => getComputedStyle(c).fontFamily))],
    marianne: document.fonts.check('12px Marianne'),
  };
}

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--allow-file-access-from-files', '--font-render-hinting=none'],
});
try {
  const page = await browser.newPage();
  const cases = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of cases) {
    const dir = join(root, name);
    const limit = limits[name] ?? {};
    for (const [kind, path] of [['dsfr', writeDsfrPage(dir)], ['apercu', join(dir, 'apercu.html')]]) {
      for (const width of WIDTHS) {
        await page.setViewport({ width, height: 900 });
        await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
        const m = await page.evaluate(measure, limit.wholeWordsUpTo ?? 1000);
        const label = `${name} (${kind}, ${width} px)`;
        if (kind === 'dsfr') check(`${label} : Marianne chargée`, m.marianne);
        const narrow = m.columns.filter((c) => c.width + 0.5 < c.wordWidth);
        check(
          `${label} : chaque colonne est au moins aussi large que son mot le plus long${limit.wholeWordsUpTo ? ` (de ${limit.wholeWordsUpTo} caractères au plus)` : ''}`,
          narrow.length === 0,
          narrow.map((c) => `  « ${c.title} » : ${c.width.toFixed(1)} px pour « ${c.word} » (${c.wordWidth.toFixed(1)} px)`).join('\n'),
        );
        // Issue 24: every table of its own too, not only the repository's (`run.mjs`).
        const broken = await page.evaluate(brokenWords);
        check(
          `${label} : aucun mot coupé entre deux lettres sans trait d’union`,
          broken.length === 0,
          broken.map((b) => `  ${b.word} (… ${b.line})`).join('\n'),
        );
        check(`${label} : la page ne défile pas de côté`, !m.pageScrolls);
        check(
          `${label} : le tableau déborde seulement dans son conteneur qui défile`,
          m.tableWidth <= m.containerWidth + 0.5 || m.scrollsSideways,
        );
        if (limit.maxRowPx !== undefined && width === 1280) {
          check(`${label} : ligne la plus haute ${m.tallestRow} px ≤ ${limit.maxRowPx} px`, m.tallestRow <= limit.maxRowPx);
        }
        if (limit.scrolls && width === 1280) {
          check(`${label} : le tableau défile de côté dans son conteneur`, m.scrollsSideways && m.scrolled > 0);
          check(`${label} : les en-têtes de ligne restent à gauche (${m.stickyOffset.toFixed(1)} px)`, m.stickyOffset < 1.5);
        }
        const cols = m.columns.map((c) => Math.round(c.width)).join(' ');
        console.log(
          `  ${label} : tableau ${Math.round(m.tableWidth)} px dans ${m.containerWidth} px, ligne la plus haute ${m.tallestRow} px, ` +
            `${m.broken.length} mots coupés${m.broken.length ? ` (${[...new Set(m.broken)].slice(0, 8).join(', ')}…)` : ''}\n    colonnes : ${cols}\n    police : ${m.fonts.join(' | ')}`,
        );
        await page.screenshot({ path: join(dir, `geometrie-${kind}-${width}.png`), fullPage: false });
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`${passed} vérifications réussies, ${failed} en échec`);
process.exit(failed === 0 ? 0 : 1);
