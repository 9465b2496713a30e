// Typesetting checks of a page showing comparatif's fragment and card, as the reader sees them
// (issue 24). Each function runs in the page (`page.evaluate(fn, …)`): self-contained, it reads
// the rendered layout, not the markup, so that it holds for any table (the repository's, a
// wide or a tiny one) and with or without DSFR's stylesheet.

// Words broken between two letters with nothing to say so: for every text of `selector`
// (visible, not `.fr-sr-only`), each place where a line ends between two letters (or digits)
// with no soft hyphen and no <wbr> between them. A break at a space, after a hard hyphen or
// a punctuation mark (« / » in an address) is a typesetter's. Returns at most 50
// { word, line } (the word with « | » at the break, and the text around it).
export function brokenWords(selector = '.comparatif, .fr-card') {
  const found = [];
  const range = document.createRange();
  const letter = (c) => /[\p{L}\p{N}]/u.test(c);
  for (const root of document.querySelectorAll(selector)) {
    // Each block of text (a cell, a paragraph, a heading) on its own: a new block starts
    // a new line.
    const blocks = root.querySelectorAll('td, th, caption, p, li, h1, h2, h3, label, legend');
    for (const block of blocks) {
      if (block.closest('[hidden], .fr-sr-only') || block.getClientRects().length === 0) continue;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
        acceptNode: (node) =>
          node.nodeType === Node.ELEMENT_NODE && node.matches('.fr-sr-only, [hidden]')
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT,
      });
      // The last visible character: its text, its box, and whether a mark came after it.
      let prev = null;
      let marked = false;
      let text = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.tagName === 'WBR') marked = true;
          // Nested blocks are looked at on their own.
          else if (node !== block && node.matches('td, th, caption, p, li, h1, h2, h3, label, legend')) break;
          continue;
        }
        const data = node.data;
        for (let i = 0; i < data.length; i += 1) {
          const c = data[i];
          text += c;
          if (c === '\u00AD') {
            marked = true;
            continue;
          }
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          // A character right after a break also gets a box at the end of the line before
          // (empty, or Chromium's drawn hyphen): its own box is the last with a width.
          const rect = [...range.getClientRects()].filter((r) => r.width > 0).pop();
          if (!rect || /\s/.test(c)) {
            if (/\s/.test(c)) prev = null;
            continue;
          }
          if (prev && rect.top > prev.rect.top + prev.rect.height / 2 && letter(prev.c) && letter(c) && !marked) {
            const words = text.split(/\s+/);
            found.push({ word: `${words[words.length - 1].slice(0, -1)}|${c}`, line: text.slice(-40) });
          }
          prev = { c, rect };
          marked = false;
        }
      }
    }
  }
  return found.slice(0, 50);
}

// The colours of the favourable and the other yes/no answers (the first cell of each), with
// their contrast against the background they are drawn on.
export function answerColours() {
  const parse = (colour) => {
    const m = colour.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
    return m ? { rgb: [Number(m[1]), Number(m[2]), Number(m[3])], alpha: m[4] === undefined ? 1 : Number(m[4]) } : null;
  };
  const luminance = ([r, g, b]) => {
    const lin = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg && bg.alpha > 0) return bg.rgb;
    }
    return [255, 255, 255];
  };
  const of = (selector) => {
    const cell = document.querySelector(selector);
    if (!cell) return null;
    const colour = parse(getComputedStyle(cell).color).rgb;
    const [a, b] = [luminance(colour), luminance(background(cell))];
    const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return { text: cell.textContent.trim(), colour: `rgb(${colour.join(', ')})`, contrast: Math.round(contrast * 100) / 100 };
  };
  return { yes: of('td.comparatif__yes'), no: of('td.comparatif__no') };
}

// The card's detail as drawn: the room between « PDF » and « – », and between « – » and the
// size (in px: a space is about 3 px at DSFR's 0.75 rem), and its text.
export function cardDetail() {
  const detail = document.querySelector('.fr-card__detail');
  if (!detail) return null;
  const walker = document.createTreeWalker(detail, NodeFilter.SHOW_TEXT);
  const chars = [];
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i += 1) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (!/\s/.test(node.data[i])) chars.push({ c: node.data[i], left: rect.left, right: rect.right });
    }
  }
  const dash = chars.findIndex((ch) => ch.c === '–');
  if (dash < 1 || dash + 1 >= chars.length) return { text: detail.textContent, before: 0, after: 0 };
  return {
    text: detail.textContent,
    before: Math.round((chars[dash].left - chars[dash - 1].right) * 10) / 10,
    after: Math.round((chars[dash + 1].left - chars[dash].right) * 10) / 10,
  };
}
