// Benchmark of the browser page (web/dist/index.html) in Debian's Chromium, headless; prints a
// Markdown table for docs/performance.md. No timed assertion. Run through bench/web.sh:
//
//     bench/web.sh            # 5 fresh browsers (BENCH_RUNS=…), table.csv and 1,000 rows
//
// Each run starts a new browser and opens the page from disk (file://), then measures:
// - open: from navigation to the page ready (module decompressed, compiled and started);
// - warm: to the end of the page's own build of the repository's table (it runs once, right
//   after opening, so that the browser optimises the hot code before people choose a file);
// - first: choosing table.csv (through the <input type="file">) to every output ready, once
//   warm, as the page measures it (from its `change` event to the outputs, before drawing
//   them); then the same again, and the 1,000-row table twice;
// - early: a second page where table.csv is chosen as soon as the page is ready, before its
//   own build is over (the worst case: someone who is very fast).
// Uses puppeteer-core from tests/browser/node_modules (npm ci there first).

import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'tests/browser/package.json'));
const puppeteer = require('puppeteer-core');
const PAGE = join(ROOT, 'web/dist/index.html');
const RUNS = Number(process.env.BENCH_RUNS || 5);
const [thousand] = process.argv.slice(2);

async function open(browser) {
  const page = await browser.newPage();
  const started = Date.now();
  await page.goto(pathToFileURL(PAGE).href, { waitUntil: 'load' });
  await page.waitForSelector('body[data-pret="oui"]', { timeout: 120000 });
  const ready = Date.now() - started;
  return { page, ready, started };
}

// The page's own measure: from the files chosen (its `change` event) to every output ready,
// before the result is drawn (the previews then take their own time to paint).
async function choose(page, file) {
  await page.evaluate(() => { delete document.body.dataset.etat; });
  const input = await page.$('#fichiers');
  await input.uploadFile(file);
  await page.waitForSelector('body[data-etat="publie"]', { timeout: 120000 });
  return Number(await page.evaluate(() => document.body.dataset.dureeMs));
}

const samples = { open: [], warm: [], first: [], again: [], thousand: [], thousandAgain: [], early: [] };
for (let run = 0; run < RUNS; run++) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const { page, ready, started } = await open(browser);
    samples.open.push(ready);
    await page.waitForSelector('body[data-chaud="oui"]', { timeout: 120000 });
    samples.warm.push(Date.now() - started);
    samples.first.push(await choose(page, join(ROOT, 'table.csv')));
    samples.again.push(await choose(page, join(ROOT, 'table.csv')));
    if (thousand) {
      samples.thousand.push(await choose(page, thousand));
      samples.thousandAgain.push(await choose(page, thousand));
    }
    await page.close();
    const early = await open(browser);
    samples.early.push(await choose(early.page, join(ROOT, 'table.csv')));
  } finally {
    await browser.close();
  }
}

const fr = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2).replace('.', ',')} s` : `${Math.round(ms)} ms`);
const row = (label, values) => {
  if (values.length === 0) return '';
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `| ${label} | ${fr(sorted[0])} | ${fr(sorted[Math.floor(sorted.length / 2)])} | ${fr(mean)} |\n`;
};
const bytes = statSync(PAGE).size;
process.stdout.write(`Page : ${(bytes / 1e6).toFixed(2).replace('.', ',')} Mo ; ${RUNS} navigateurs neufs.\n\n`);
process.stdout.write('| mesure | meilleure | médiane | moyenne |\n|---|---:|---:|---:|\n');
process.stdout.write(row('ouverture (page prête)', samples.open));
process.stdout.write(row('ouverture + construction de table.csv par la page', samples.warm));
process.stdout.write(row('table.csv choisi → tous les fichiers prêts', samples.first));
process.stdout.write(row('table.csv, une deuxième fois', samples.again));
process.stdout.write(row('1 000 lignes choisies → tous les fichiers prêts', samples.thousand));
process.stdout.write(row('1 000 lignes, une deuxième fois', samples.thousandAgain));
process.stdout.write(row('table.csv choisi dès la page prête (avant sa propre construction)', samples.early));
