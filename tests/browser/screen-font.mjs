// Writes src/layout/screen_font.rs: the advance widths of the characters the HTML table draws,
// in the fonts browsers draw it with (Marianne under DSFR, Arial or its metric clone
// Liberation Sans where Marianne is missing), as measured by Chromium. Usage, from the
// repository's root: node tests/browser/screen-font.mjs (needs tests/browser/node_modules and
// Chromium; the output is committed, so that the build needs neither).
//
// For each character, the wider of the two fonts, in thousandths of an em, regular and bold.

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';

import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const FONTS = join(dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist/fonts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const chars = [];
for (let c = 0x20; c <= 0x7e; c++) chars.push(c);
for (let c = 0xa0; c <= 0x17f; c++) chars.push(c);
chars.push(0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2026, 0x202f, 0x20ac, 0x2713, 0x2717);

const face = (weight, file) =>
  `@font-face{font-family:Marianne;font-weight:${weight};src:url(${pathToFileURL(join(FONTS, file))})}`;
const html = `<style>${face(400, 'Marianne-Regular.woff2')}${face(700, 'Marianne-Bold.woff2')}</style>`;
const page_path = join(tmpdir(), 'comparatif-screen-font.html');
writeFileSync(page_path, html);

const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--allow-file-access-from-files'] });
let widths;
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(page_path).href);
  widths = await page.evaluate(async (chars) => {
    await Promise.all(['400 10px Marianne', '700 10px Marianne'].map((f) => document.fonts.load(f)));
    const canvas = document.createElement('canvas').getContext('2d');
    return [400, 700].map((weight) =>
      chars.map((c) => {
        const text = String.fromCodePoint(c);
        const width = (family) => {
          canvas.font = `${weight} 1000px ${family}`;
          return canvas.measureText(text).width;
        };
        return Math.ceil(Math.max(width('Marianne'), width('Arial')));
      }),
    );
  }, chars);
} finally {
  await browser.close();
}

const table = (w) =>
  chars.map((c, i) => `    ('\\u{${c.toString(16)}}', ${w[i]}),`).join('\n');
const rust = `//! Advance widths of the characters the HTML table draws, in the fonts browsers draw it
//! with: a character in → its width in thousandths of an em (regular or bold).
//!
//! The wider of Marianne (DSFR's font) and Arial (the preview's fallback; Liberation Sans,
//! its metric clone, where Arial is missing), measured in Chromium by
//! \`tests/browser/screen-font.mjs\`, which wrote this file. [\`super::screen\`] measures the
//! table's words with them, so that no column is narrower than a word as the browser draws
//! it (the PDF's Noto Sans is narrower on most of them). Kerning is left out: it narrows
//! words, so a word is never wider than the sum of its characters.

/// Width of \`c\` in thousandths of an em, bold or regular, or \`None\` for a character outside
/// the table (the caller measures it another way).
pub(super) fn advance(c: char, bold: bool) -> Option<u16> {
    let table = if bold { BOLD } else { REGULAR };
    table.binary_search_by_key(&c, |&(k, _)| k).ok().map(|i| table[i].1)
}

/// Regular (400), sorted by character.
const REGULAR: &[(char, u16)] = &[
${table(widths[0])}
];

/// Bold (700), sorted by character.
const BOLD: &[(char, u16)] = &[
${table(widths[1])}
];
`;
writeFileSync('src/layout/screen_font.rs', rust);
console.log(`src/layout/screen_font.rs : ${chars.length} caractères`);
