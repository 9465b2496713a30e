// comparatif in the browser: loads the WebAssembly core inlined in this page, gives it the
// chosen files, and shows its verdict. Everything the page says about the table comes from the
// core (the same messages as the command line); this script only lays it out. No request is
// ever made: the core and the default descriptor are in the page itself.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  // Of a descriptor, like the command line, the page reads one byte more than the largest
  // accepted (the core's `max_descriptor_bytes`) and the core says the limit is passed.
  const readAtMost = async (file, limit) => new Uint8Array(await file.slice(0, limit + 1).arrayBuffer());
  const state = { core: null, descriptor: null, descriptorName: null, urls: [], edit: null };

  // --- The core -----------------------------------------------------------------------------

  // The module is stored deflated, in base64, in a script element that never runs.
  async function moduleBytes() {
    const text = $('module').textContent.trim();
    const packed = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).arrayBuffer();
  }

  // Runs in a worker (its source is this function's text), or on the page when workers are not
  // allowed: instantiates the module, then answers each call (the page's settings, whether to
  // read a file, a build) with the result's bytes.
  function engine(scope) {
    const slots = { descriptor: 0, table: 1, fileName: 2, today: 3, note: 4, carried: 5, workbook: 6 };
    let exports = null;
    function put(slot, bytes) {
      const at = exports.comparatif_input(slot, bytes.length);
      new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
    }
    scope.onmessage = async ({ data }) => {
      try {
        if (data.kind === 'module') {
          exports = (await WebAssembly.instantiate(data.bytes, {})).instance.exports;
          scope.postMessage({ kind: 'ready' });
          return;
        }
        let length;
        if (data.kind === 'settings') {
          length = exports.comparatif_settings();
        } else if (data.kind === 'admit') {
          put(slots.fileName, new TextEncoder().encode(data.fileName));
          length = exports.comparatif_admit(data.size);
        } else if (data.kind === 'init') {
          put(slots.table, data.table);
          put(slots.fileName, new TextEncoder().encode(data.fileName));
          put(slots.today, new TextEncoder().encode(data.today));
          length = exports.comparatif_init();
        } else if (data.kind === 'carried') {
          put(slots.descriptor, data.descriptor);
          put(slots.carried, data.carried);
          put(slots.workbook, data.workbook);
          length = exports.comparatif_carried();
        } else if (data.kind === 'edit') {
          put(slots.descriptor, data.descriptor);
          put(slots.table, data.table);
          put(slots.fileName, new TextEncoder().encode(data.fileName));
          put(slots.today, new TextEncoder().encode(data.date));
          put(slots.note, new TextEncoder().encode(data.note ?? ''));
          put(slots.carried, data.carried);
          length = exports.comparatif_edit(data.note === null ? 0 : 1);
        } else {
          put(slots.descriptor, data.descriptor);
          put(slots.table, data.table);
          put(slots.fileName, new TextEncoder().encode(data.fileName));
          length = exports.comparatif_build();
        }
        const result = new Uint8Array(exports.memory.buffer, exports.comparatif_result(), length).slice();
        scope.postMessage({ kind: 'result', id: data.id, result }, [result.buffer]);
      } catch (err) {
        scope.postMessage({ kind: 'error', id: data.id, message: String(err) });
      }
    };
  }

  // The core, in a worker so that the page stays responsive during a long build (or on the page
  // when no worker can start): a function giving the report and the outputs' bytes for the
  // descriptor's and the table's bytes.
  async function startCore() {
    try {
      const source = `'use strict';(${engine.toString()})(self);`;
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      return await connect(new Worker(url));
    } catch (_) {
      // A strict policy or a browser that refuses workers here: the same engine on the page.
      const page = {};
      const port = { postMessage: (data) => page.onmessage({ data }) };
      page.postMessage = (data) => setTimeout(() => port.onmessage({ data }));
      engine(page);
      return connect(port);
    }
  }

  async function connect(port) {
    const pending = new Map();
    let nextId = 0;
    const ready = new Promise((resolve, reject) => {
      port.onmessage = ({ data }) => {
        if (data.kind === 'ready') return resolve();
        const call = pending.get(data.id);
        if (!call) return reject(new Error(data.message));
        pending.delete(data.id);
        if (data.kind === 'error') call.reject(new Error(data.message));
        else call.resolve(data.result);
      };
      port.onerror = (event) => reject(new Error(event.message || 'le module ne démarre pas'));
    });
    const bytes = await moduleBytes();
    port.postMessage({ kind: 'module', bytes }, [bytes]);
    await ready;
    const call = (message) => new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      port.postMessage({ ...message, id });
    });
    const json = (result) => JSON.parse(new TextDecoder().decode(result));
    // A build's result: the report's length, the report, then the files' bytes.
    const withFiles = (result) => {
      const reportLength = new DataView(result.buffer).getUint32(0, true);
      const report = JSON.parse(new TextDecoder().decode(result.subarray(4, 4 + reportLength)));
      return { report, blobs: result.subarray(4 + reportLength) };
    };
    return {
      settings: await call({ kind: 'settings' }).then(json),
      admit: (fileName, size) => call({ kind: 'admit', fileName, size }).then(json),
      build: (descriptor, table, fileName) => call({ kind: 'build', descriptor, table, fileName }).then(withFiles),
      init: (table, fileName, today) => call({ kind: 'init', table, fileName, today }).then(withFiles),
      carried: (descriptor, carried, workbook) => call({ kind: 'carried', descriptor, carried, workbook }).then(withFiles),
      edit: (e) => call({ kind: 'edit', ...e }).then(withFiles),
    };
  }

  let corePromise = null;
  function core() {
    corePromise = corePromise || startCore();
    return corePromise;
  }

  // --- Choosing files ------------------------------------------------------------------------

  async function choose(files) {
    // From the files chosen to every output ready (what the page says it took).
    const chosen = performance.now();
    clearPage();
    let engine;
    try {
      engine = await core();
    } catch (err) {
      return pageError(`Cette page ne peut pas charger comparatif dans ce navigateur (${err}). Utilisez une version récente de Firefox, Chrome, Edge ou Safari.`);
    }
    const list = Array.from(files);
    const descriptors = list.filter((f) => /\.json$/i.test(f.name));
    const tables = list.filter((f) => !/\.json$/i.test(f.name));
    if (descriptors.length > 1) {
      return pageError('Choisissez un seul fichier datapackage.json.');
    }
    if (descriptors.length === 1) {
      state.descriptor = await readAtMost(descriptors[0], engine.settings.max_descriptor_bytes);
      state.descriptorName = descriptors[0].name;
      $('descripteur-choisi').textContent = '';
      $('descripteur-choisi').append('Description du tableau : ', code(descriptors[0].name), ' (votre fichier).');
    }
    if (tables.length === 0) {
      if (descriptors.length === 1) {
        return announce(`Description ${descriptors[0].name} choisie : choisissez maintenant le tableau.`);
      }
      return pageError(engine.settings.no_table);
    }
    if (tables.length > 1) {
      return pageError(`Choisissez un seul tableau : ${tables.map((f) => f.name).join(', ')}.`);
    }
    const table = tables[0];
    // Before reading it: a file larger than the page's memory holds is refused; one without a
    // table's extension is read anyway (the core recognises files by their content).
    const admission = await engine.admit(table.name, table.size);
    if (admission.notice) announce(admission.notice);
    if (admission.refused) return pageError(admission.refused);
    announce(`Vérification de ${table.name}…`);
    $('tableau-choisi').textContent = '';
    $('tableau-choisi').append('Tableau : ', code(table.name), '.');
    const bytes = new Uint8Array(await table.arrayBuffer());
    // « Nouveau tableau » without a descriptor of its own: the core infers one. Otherwise the
    // table is an edit of the carried one: compared with it, the update proposed (today, a note
    // from the changes) and recorded in the files.
    const inferred = $('nouveau').checked && !state.descriptor;
    state.edit = inferred ? null : { descriptor: state.descriptor || defaultDescriptor(), table: bytes, fileName: table.name, carried: carriedTable() };
    let result;
    try {
      result = inferred
        ? await engine.init(bytes, table.name, today())
        : await engine.edit({ ...state.edit, date: today(), note: null });
      result.milliseconds = performance.now() - chosen;
    } catch (err) {
      return pageError(`comparatif s'est arrêté sur une erreur interne (${err}). Vos fichiers ne sont pas en cause : signalez-la à l'équipe.`);
    }
    show(result);
  }

  // The date and the note as entered, recorded in the files again (the fields keep the focus).
  async function applyUpdate() {
    if (!state.edit) return;
    const engine = await core();
    const started = performance.now();
    $('appliquer').disabled = true;
    let result;
    try {
      result = await engine.edit({ ...state.edit, date: $('date-maj').value, note: $('note-maj').value });
      result.milliseconds = performance.now() - started;
    } catch (err) {
      return pageError(`comparatif s'est arrêté sur une erreur interne (${err}). Vos fichiers ne sont pas en cause : signalez-la à l'équipe.`);
    } finally {
      $('appliquer').disabled = false;
    }
    show(result, { reapplied: true });
  }

  // While the date or the note differ from the files made, the .zip is not offered.
  function updateEdited() {
    const all = $('tout');
    all.removeAttribute('href');
    all.setAttribute('aria-disabled', 'true');
    $('tout-maj').textContent = 'La date ou la note a changé : cliquez sur « Mettre à jour les fichiers avec cette date et cette note » pour les inclure dans le fichier .zip.';
    document.body.dataset.majAJour = 'non';
  }

  // Today, AAAA-MM-JJ, in UTC as `comparatif init` takes it: the new table's « Mis à jour le »
  // (the same bytes from the page and the command on the same day).
  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  function describeDescriptor() {
    if (state.descriptor) return;
    $('descripteur-choisi').textContent = $('nouveau').checked
      ? 'Description du tableau : déduite de son contenu (nouveau tableau).'
      : 'Description du tableau : celle du tableau publié.';
  }

  function defaultDescriptor() {
    return new TextEncoder().encode($('descripteur-depot').textContent);
  }

  // The bytes of a script element holding base64.
  function inlined(id) {
    return Uint8Array.from(atob($(id).textContent.trim()), (c) => c.charCodeAt(0));
  }

  // The table the page carries (the repository's table.csv), and its workbook.
  function carriedTable() {
    return inlined('tableau-publie');
  }

  // --- Showing the verdict -------------------------------------------------------------------

  // `carried`: the table the page carries, shown when it opens; `reapplied`: the same edit with
  // the date and the note as entered (the fields keep what the person typed, and the focus).
  function show({ report, blobs, milliseconds }, { carried = false, reapplied = false } = {}) {
    clearResult(reapplied);
    document.body.dataset.dureeMs = String(Math.round(milliseconds));
    $('resultat').hidden = false;
    $('resultat-titre').textContent = carried ? 'Le tableau publié, tel que cette page le contient' : `Résultat : ${report.file}`;
    if (!carried) document.body.dataset.etat = report.status;
    const verdict = $('verdict');
    // What changed, unless the table could not be read at all (its messages say why); the date
    // and the note only when there is something to publish.
    if (report.change && !(report.change.error && report.status === 'refuse')) showChange(report.change);
    if (report.update && ['publie', 'mise-a-jour-refusee'].includes(report.status)) showUpdate(report.update, reapplied);
    if (report.status === 'descripteur-refuse') {
      verdict.append(alertBox('error', 'Description du tableau (datapackage.json) refusée', report.descriptor_error));
      announce('Description du tableau refusée.');
    } else if (report.status === 'mise-a-jour-refusee') {
      verdict.append(alertBox('error', 'Date ou note à corriger : rien n\'est à publier', report.update.error));
      announce(`Date ou note à corriger : ${report.update.error}.`);
    } else if (report.status === 'refuse') {
      verdict.append(alertBox('error', 'Tableau à corriger : rien n\'est à publier', `${report.errors_text} à corriger, dans l'ordre du tableau ci-dessous.`));
      showDiagnostics(report, true);
      if (report.grid) showGrid(report);
      announce(`Tableau refusé : ${report.errors_text}.`);
    } else {
      const title = carried ? 'Tableau valide' : 'Tableau valide : les fichiers sont prêts';
      verdict.append(alertBox('success', title, [`${report.rows_text}, mis à jour le ${report.updated_text}. PDF de ${report.pages_text}.`]));
      if (report.diagnostics.length > 0) showDiagnostics(report, false);
      showOutputs(report, blobs, carried);
      announce(carried ? `Le tableau publié est chargé : ${report.rows_text}.` : `Tableau valide : ${report.outputs_text} prêts à télécharger.`);
    }
    if (!reapplied && !carried) $('resultat-titre').focus();
  }

  // The table the page carries: its workbook and its CSV to start an edit, then its build.
  function showCarried(result) {
    const { report, blobs } = result;
    const list = $('publie-fichiers');
    list.textContent = '';
    if (report.status !== 'publie') {
      $('publie-etat').textContent = `Le tableau publié ne passe pas la vérification : ${report.summary}`;
      return;
    }
    $('publie-etat').textContent = `${report.rows_text}, mis à jour le ${report.updated_text}. Pour le modifier, téléchargez-le :`;
    const bytesOf = (range) => blobs.subarray(range.start, range.end);
    const csv = report.outputs.find((o) => !o.path.includes('/') && o.media_type === 'text/csv');
    const offered = [
      report.workbook && [report.workbook, `Le tableau à modifier (${report.workbook.name}, pour LibreOffice Calc ou Excel)`],
      csv && [csv, `Le même tableau en CSV (${csv.name})`],
    ].filter(Boolean);
    for (const [range, text] of offered) {
      const item = document.createElement('li');
      // Kept while the page is open: the results that follow do not revoke it.
      const url = URL.createObjectURL(new Blob([bytesOf(range)], { type: range.media_type }));
      item.append(downloadLink(range, url, text));
      list.append(item);
    }
    show(result, { carried: true });
  }

  // What changed against the carried table, as `comparatif diff` says it.
  function showChange(change) {
    const box = $('changements');
    const title = document.createElement('h3');
    title.textContent = 'Ce qui a changé par rapport au tableau publié';
    box.append(title);
    if (change.error || change.empty) {
      const p = document.createElement('p');
      p.textContent = change.error || change.lines.join(' ');
      box.append(p);
      return;
    }
    const list = document.createElement('ul');
    list.className = 'changements';
    let sub = null;
    for (const line of change.lines) {
      const item = document.createElement('li');
      item.textContent = line.replace(/^- /, '');
      if (line.startsWith('- ') && sub) sub.append(item);
      else {
        list.append(item);
        if (line.endsWith(' :')) {
          sub = document.createElement('ul');
          item.append(sub);
        }
      }
    }
    box.append(list);
  }

  // The update's date and note: proposed by the core on a new drop, kept as typed after.
  function showUpdate(update, reapplied) {
    $('mise-a-jour').hidden = false;
    if (!reapplied) {
      $('date-maj').value = update.date;
      $('note-maj').value = update.note;
    }
    const error = $('maj-erreur');
    error.hidden = !update.error;
    error.textContent = update.error ? `${update.error[0].toUpperCase()}${update.error.slice(1)}` : '';
    $('date-maj').setAttribute('aria-invalid', update.error ? 'true' : 'false');
    if (update.error) $('date-maj').setAttribute('aria-describedby', 'maj-erreur');
    else $('date-maj').removeAttribute('aria-describedby');
    document.body.dataset.majAJour = 'oui';
  }

  // One item per diagnostic, in file order: where it is and what is wrong in an editor's words,
  // its fix, a link to its cell in the grid; the command line's form in a disclosure below.
  function showDiagnostics(report, withGrid) {
    const box = $('messages');
    const title = document.createElement('h3');
    title.textContent = withGrid ? 'Ce qui est à corriger' : 'À savoir';
    const list = document.createElement('ol');
    list.className = 'diagnostics';
    report.diagnostics.forEach((d, idx) => {
      const item = document.createElement('li');
      item.id = `message-${idx + 1}`;
      item.className = `diagnostic diagnostic--${d.severity}`;
      const line = document.createElement('p');
      line.className = 'diagnostic__texte';
      line.textContent = d.plain;
      item.append(line);
      if (d.fix) {
        const hint = document.createElement('p');
        hint.className = 'diagnostic__aide';
        hint.textContent = d.fix;
        item.append(hint);
      }
      if (withGrid && d.line !== null && report.grid && cellId(d)) {
        const link = document.createElement('a');
        link.href = `#${cellId(d)}`;
        link.className = 'fr-link fr-text--sm';
        link.textContent = d.cell
          ? `Voir la cellule ${d.cell}`
          : d.column !== null
            ? `Voir la cellule (ligne ${d.line}, colonne ${d.column_letter})`
            : `Voir la ligne ${d.line}`;
        item.append(link);
      }
      list.append(item);
    });
    const terminal = document.createElement('details');
    terminal.className = 'terminal fr-mb-3w';
    const summary = document.createElement('summary');
    summary.textContent = 'Voir les messages pour le terminal';
    const pre = document.createElement('pre');
    pre.textContent = [...report.diagnostics.map((d) => d.text.replace(/\n$/, '')), report.summary].join('\n');
    terminal.append(summary, pre);
    box.append(title, list, terminal);
  }

  function cellId(d) {
    return d.column !== null ? `cellule-${d.line}-${d.column}` : `ligne-${d.line}`;
  }

  // The table as read, each faulty cell marked (colour, border and a visible sign) and linked
  // to its messages, which link back to it.
  function showGrid(report) {
    const grid = report.grid;
    const byCell = new Map();
    report.diagnostics.forEach((d, idx) => {
      if (d.line === null) return;
      const id = cellId(d);
      if (!byCell.has(id)) byCell.set(id, []);
      byCell.get(id).push(idx + 1);
    });
    const box = $('grille');
    const title = document.createElement('h3');
    title.id = 'grille-titre';
    title.textContent = 'Le tableau tel qu\'il a été lu';
    const help = document.createElement('p');
    help.className = 'fr-text--sm';
    help.textContent = 'Les cellules en erreur sont encadrées en rouge et marquées « ⚠ » ; chacune mène à son message.';
    if (grid.note) help.textContent += ` ${grid.note}`;
    const scroller = document.createElement('div');
    scroller.className = 'grille';
    scroller.tabIndex = 0;
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-labelledby', 'grille-titre');
    const table = document.createElement('table');
    const caption = document.createElement('caption');
    caption.textContent = `${report.file}, tel que comparatif l'a lu`;
    caption.className = 'fr-sr-only';
    const width = grid.letters.length;
    const head = document.createElement('thead');
    const headRow = document.createElement('tr');
    headRow.append(th('col', 'Ligne'));
    for (const letter of grid.letters) headRow.append(th('col', letter));
    head.append(headRow);
    const body = document.createElement('tbody');
    for (const record of grid.records) {
      const row = document.createElement('tr');
      const lineHead = th('row', String(record.line));
      mark(lineHead, `ligne-${record.line}`, byCell);
      row.append(lineHead);
      for (let c = 1; c <= width; c++) {
        const td = document.createElement('td');
        const value = record.cells[c - 1];
        if (value === undefined) {
          td.className = 'absente';
        } else if (value === '') {
          td.className = 'vide';
          td.textContent = '(vide)';
        } else {
          td.textContent = value;
        }
        mark(td, `cellule-${record.line}-${c}`, byCell);
        row.append(td);
      }
      body.append(row);
    }
    table.append(caption, head, body);
    scroller.append(table);
    box.append(title, help, scroller);
    // Where a cell scrolled to stops: below the header row, right of the row numbers.
    scroller.style.setProperty('--entete', `${head.offsetHeight}px`);
    scroller.style.setProperty('--numeros', `${headRow.firstElementChild.offsetWidth}px`);
  }

  function mark(cell, id, byCell) {
    const messages = byCell.get(id);
    if (!messages) return;
    cell.id = id;
    cell.classList.add('en-erreur');
    const sign = document.createElement('a');
    sign.href = `#message-${messages[0]}`;
    sign.className = 'signe';
    sign.textContent = '⚠';
    const label = messages.length === 1
      ? `message ${messages[0]}`
      : `messages ${messages.join(', ')}`;
    sign.setAttribute('aria-label', `Erreur : voir le ${label}`);
    cell.prepend(sign, ' ');
  }

  function downloadLink(range, url, text) {
    const link = document.createElement('a');
    link.href = url;
    link.download = range.name;
    link.className = 'fr-link fr-link--download';
    link.textContent = text;
    const detail = document.createElement('span');
    detail.className = 'fr-link__detail';
    detail.textContent = range.size;
    link.append(detail);
    return link;
  }

  function showOutputs(report, blobs, carried) {
    const bytesOf = (range) => blobs.subarray(range.start, range.end);
    const list = $('telechargements');
    for (const output of report.outputs) {
      const url = objectUrl(bytesOf(output), output.media_type);
      const item = document.createElement('li');
      const where = output.path.includes('/') ? ` (dossier ${output.path.slice(0, output.path.lastIndexOf('/'))})` : '';
      item.append(downloadLink(output, url, `Télécharger ${output.name}${where}`));
      list.append(item);
    }
    const all = $('tout');
    all.parentElement.hidden = carried;
    $('tout-aide').hidden = carried;
    $('telechargements').closest('details').open = carried;
    if (report.zip && !carried) {
      all.href = objectUrl(bytesOf(report.zip), report.zip.media_type);
      all.download = report.zip.name;
      all.removeAttribute('aria-disabled');
      $('tout-aide').textContent = report.zip_help;
      const update = report.update;
      $('tout-maj').textContent = !update
        ? ''
        : update.recorded
          ? `Mise à jour du ${update.date_text}${update.note.trim() ? ` : « ${update.note.trim()} »` : ' (sans note)'}.`
          : 'Le tableau n\'a pas changé : la date de mise à jour reste celle du tableau publié.';
    }
    // The library's previews hold the thumbnail and the filter (whatever the addresses' prefix:
    // no /uploads/tableau.png beside this page); the filter runs inline (the page's policy
    // allows tableau.js by its hash) in a frame sandboxed with scripts but no access to this page.
    const preview = (range) => new TextDecoder().decode(bytesOf(range));
    const frames = [$('apercu-tableau'), $('apercu-lien')];
    let loading = frames.length;
    for (const frame of frames) {
      frame.onload = () => {
        loading -= 1;
        if (loading === 0) document.body.dataset.apercus = 'prets';
      };
    }
    $('apercu-tableau').srcdoc = preview(report.previews.table);
    // The card as the site shows it: with the DSFR's styles this page carries.
    const style = document.querySelector('style').textContent;
    $('apercu-lien').srcdoc = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Lien de téléchargement</title><style>${style}<\/style></head><body><main class="fr-p-2w">${preview(report.previews.card)}</main></body></html>`;
    if (report.thumbnail) $('vignette').src = objectUrl(bytesOf(report.thumbnail), report.thumbnail.media_type);
    if (report.pdf) {
      const pdf = objectUrl(bytesOf(report.pdf), report.pdf.media_type);
      $('ouvrir-pdf').href = pdf;
      $('apercu-pdf').src = pdf;
    }
    $('publication').hidden = false;
  }

  // --- Small helpers -------------------------------------------------------------------------

  function objectUrl(bytes, type) {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    state.urls.push(url);
    return url;
  }

  function clearPage() {
    clearResult(false);
  }

  // Empties the result; `keepUpdate`: the date and the note stay as typed.
  function clearResult(keepUpdate) {
    for (const url of state.urls) URL.revokeObjectURL(url);
    state.urls = [];
    for (const id of ['verdict', 'changements', 'messages', 'grille', 'telechargements', 'erreur-page', 'tout-aide', 'tout-maj']) $(id).textContent = '';
    $('resultat').hidden = true;
    $('publication').hidden = true;
    if (!keepUpdate) $('mise-a-jour').hidden = true;
    $('tout').removeAttribute('href');
    $('apercu-tableau').removeAttribute('srcdoc');
    $('apercu-lien').removeAttribute('srcdoc');
    $('apercu-pdf').removeAttribute('src');
    $('vignette').removeAttribute('src');
    delete document.body.dataset.etat;
    delete document.body.dataset.apercus;
    delete document.body.dataset.dureeMs;
    delete document.body.dataset.majAJour;
  }

  function announce(text) {
    $('annonce').textContent = text;
  }

  function pageError(text) {
    $('erreur-page').textContent = '';
    $('erreur-page').append(alertBox('error', 'Impossible de continuer', text, 2));
  }

  // An alert whose title is a heading of `level` (3 in the result, under « Résultat »).
  function alertBox(kind, title, text, level = 3) {
    const box = document.createElement('div');
    box.className = `fr-alert fr-alert--${kind} fr-mb-3w`;
    const heading = document.createElement(`h${level}`);
    heading.className = 'fr-alert__title';
    heading.textContent = title;
    box.append(heading);
    // One paragraph per text: a summary line stays on a line of its own, as the CLI prints it.
    for (const paragraph of Array.isArray(text) ? text : [text]) {
      const body = document.createElement('p');
      body.textContent = paragraph;
      box.append(body);
    }
    return box;
  }

  function th(scope, text) {
    const cell = document.createElement('th');
    cell.scope = scope;
    cell.textContent = text;
    return cell;
  }

  function code(text) {
    const element = document.createElement('code');
    element.textContent = text;
    return element;
  }

  // --- Wiring --------------------------------------------------------------------------------

  $('fichiers').addEventListener('change', (event) => {
    const files = Array.from(event.target.files);
    // Emptied so that choosing the same file again, once edited, checks it again.
    event.target.value = '';
    if (files.length > 0) choose(files);
  });
  const zone = $('depot');
  for (const name of ['dragenter', 'dragover']) {
    document.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add('depot--survol');
    });
  }
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) zone.classList.remove('depot--survol');
  });
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('depot--survol');
    if (event.dataTransfer && event.dataTransfer.files.length > 0) choose(event.dataTransfer.files);
  });
  $('formulaire').addEventListener('submit', (event) => event.preventDefault());
  $('nouveau').addEventListener('change', describeDescriptor);
  $('appliquer').addEventListener('click', applyUpdate);
  for (const id of ['date-maj', 'note-maj']) {
    $(id).addEventListener('input', updateEdited);
    $(id).addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && id === 'date-maj') {
        event.preventDefault();
        applyUpdate();
      }
    });
  }
  // The page opens on the table it carries: built once (which also compiles the module's hot
  // code before the person's first table), shown with its workbook and its CSV to edit.
  core().then((engine) => {
    $('fichiers').accept = engine.settings.accept;
    document.body.dataset.pret = 'oui';
    const started = performance.now();
    return engine.carried(defaultDescriptor(), carriedTable(), inlined('classeur-publie')).then((result) => {
      result.milliseconds = performance.now() - started;
      showCarried(result);
      document.body.dataset.chaud = 'oui';
    });
  }).catch((err) => pageError(`Cette page ne peut pas charger comparatif dans ce navigateur (${err}). Utilisez une version récente de Firefox, Chrome, Edge ou Safari.`));
}());
