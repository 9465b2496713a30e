/* comparatif: the filter of the comparison table (out/tableau.js, written by comparatif build).
 *
 * Progressive enhancement: the fragment tableau.html holds the form, hidden; this script
 * shows it, hides the rows that do not match the choices, says how many rows are left
 * (a role="status" region, read out by screen readers), says in a row of the table when none
 * is, and keeps the choices in the page's address (?name=value) so that a filtered view can
 * be shared. Without the script every row
 * shows and no control does. No dependency and no inline script: a strict
 * Content-Security-Policy allows it by its address (script-src 'self').
 */
(function () {
  'use strict';

  // « 1 234 »: thousands apart by a narrow no-break space, as in the table.
  function group(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202F');
  }

  // The text the fragment holds before the script runs (filter::count in comparatif), with
  // the rows' noun the fragment gives in the status's data-aucun, -singulier, -pluriel.
  function count(status, shown, total) {
    if (shown === 0) return status.getAttribute('data-aucun') + ' sur ' + group(total);
    var noun = status.getAttribute(shown === 1 ? 'data-singulier' : 'data-pluriel');
    return group(shown) + ' ' + noun + ' sur ' + group(total);
  }

  // The row that says, in the table, that no row matches (« Aucune solution ne correspond
  // aux filtres choisis », the noun and its agreement from the status's data-aucun), hidden
  // until then; one cell across every column, with the cells' style. The status says it
  // to screen readers (« Aucune solution sur 7 »).
  function emptyRow(table, status) {
    var head = table.tHead && table.tHead.rows[0];
    var row = document.createElement('tr');
    var cell = document.createElement('td');
    row.className = 'comparatif__vide';
    cell.colSpan = head ? head.cells.length : 1;
    if (head && head.cells[0].getAttribute('style')) {
      cell.setAttribute('style', head.cells[0].getAttribute('style'));
    }
    cell.textContent = status.getAttribute('data-aucun') + ' ne correspond aux filtres choisis';
    row.appendChild(cell);
    row.hidden = true;
    table.tBodies[0].appendChild(row);
    return row;
  }

  function setUp(root) {
    var form = root.querySelector('form.comparatif__filtre');
    var table = root.querySelector('table');
    if (!form || !table || !table.tBodies.length) return;
    var selects = Array.prototype.slice.call(form.querySelectorAll('select[data-colonne]'));
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var status = form.querySelector('[role="status"]');
    var clear = form.querySelector('.comparatif__effacer');
    var empty = status ? emptyRow(table, status) : null;

    function matches(row) {
      return selects.every(function (select) {
        if (select.value === '') return true;
        var cell = row.cells[Number(select.getAttribute('data-colonne'))];
        return !!cell && cell.getAttribute('data-valeur') === select.value;
      });
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = matches(row);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      if (!status) return;
      empty.hidden = shown !== 0;
      var text = count(status, shown, rows.length);
      // Only a change is read out by screen readers.
      if (status.textContent !== text) status.textContent = text;
    }

    // The choices in the page's address, the other parameters kept as they are.
    function remember() {
      if (!window.history || !window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value === '') params.delete(select.name);
        else params.set(select.name, select.value);
      });
      var query = params.toString();
      var address = window.location.pathname + (query ? '?' + query : '') + window.location.hash;
      try {
        window.history.replaceState(window.history.state, '', address);
      } catch (error) {
        // Some browsers refuse it for pages opened from a file: the filter still works.
      }
    }

    function restore() {
      if (!window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var wanted = params.get(select.name);
        if (wanted === null) return;
        var known = Array.prototype.some.call(select.options, function (option) {
          return option.value === wanted;
        });
        if (known) select.value = wanted;
      });
    }

    form.addEventListener('change', function () {
      apply();
      remember();
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
    });
    if (clear) {
      clear.addEventListener('click', function () {
        selects.forEach(function (select) {
          select.value = '';
        });
        apply();
        remember();
      });
    }
    restore();
    apply();
    form.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('.comparatif'), setUp);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
