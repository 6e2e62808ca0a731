/**
 * The page's script, inlined and allowed by hash in the page's Content-Security-Policy: filters the
 * event list, expands a row into its event (built with `textContent`, never parsed as HTML), jumps
 * from a timeline mark or a table row to its event, and zooms the timeline. Plain ES2020 in a string
 * so that the page is the same whatever compiled this package.
 */
export const PAGE_SCRIPT = `(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('inspector-data').textContent);
  const body = document.querySelector('#event-list tbody');
  const rows = Array.from(body.querySelectorAll('tr.event'));
  const firsts = rows.map((row) => Number(row.dataset.first));
  const direction = document.getElementById('filter-direction');
  const type = document.getElementById('filter-type');
  const text = document.getElementById('filter-text');
  const count = document.getElementById('filter-count');
  let searchable;

  function applyFilter() {
    const wanted = { direction: direction.value, type: type.value, text: text.value.trim().toLowerCase() };
    if (wanted.text && !searchable) {
      searchable = rows.map((row, i) => (row.textContent + ' ' + JSON.stringify(data.details[i])).toLowerCase());
    }
    let shown = 0;
    rows.forEach((row, i) => {
      const visible = (!wanted.direction || row.classList.contains(wanted.direction))
        && (!wanted.type || row.dataset.type === wanted.type)
        && (!wanted.text || searchable[i].includes(wanted.text));
      row.hidden = !visible;
      const next = row.nextElementSibling;
      if (next && next.classList.contains('detail')) next.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown + ' of ' + rows.length + ' rows';
  }
  direction.addEventListener('change', applyFilter);
  type.addEventListener('change', applyFilter);
  text.addEventListener('input', applyFilter);

  function expand(row, open) {
    const next = row.nextElementSibling;
    const isOpen = next && next.classList.contains('detail');
    if (isOpen && open !== true) {
      next.remove();
      row.classList.remove('open');
    }
    if (isOpen || open === false) return;
    const detail = document.createElement('tr');
    detail.className = 'detail';
    const cell = document.createElement('td');
    cell.colSpan = row.cells.length;
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(data.details[rows.indexOf(row)], null, 2);
    cell.appendChild(pre);
    detail.appendChild(cell);
    row.after(detail);
    row.classList.add('open');
  }
  body.addEventListener('click', (event) => {
    const row = event.target.closest('tr.event');
    if (row) expand(row);
  });

  /** The row holding recording event #index: its own, or the run of deltas it belongs to. */
  function rowOf(index) {
    let low = 0;
    let high = firsts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (firsts[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return rows[low];
  }
  function show(index) {
    const row = rowOf(index);
    if (!row) return;
    if (row.hidden) {
      direction.value = '';
      type.value = '';
      text.value = '';
      applyFilter();
    }
    expand(row, true);
    row.scrollIntoView({ block: 'center' });
    row.classList.remove('flash');
    void row.offsetWidth;
    row.classList.add('flash');
  }
  document.addEventListener('click', (event) => {
    const target = event.target.closest('[data-event]');
    if (target) show(Number(target.dataset.event));
  });

  const zoom = document.getElementById('zoom');
  const lanes = document.getElementById('lanes');
  const zoomLabel = document.getElementById('zoom-label');
  zoom.addEventListener('input', () => {
    lanes.style.width = zoom.value * 100 + '%';
    zoomLabel.textContent = zoom.value + '×';
  });
})();
`;
