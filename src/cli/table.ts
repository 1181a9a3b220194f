/** Left-aligned columns separated by two spaces; `-` for empty cells. */
export function table(headers: string[], rows: unknown[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(cell))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

function cell(v: unknown): string {
  if (v === null || v === undefined || v === '') return '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  // Control characters in names (a hostile identity name) must not repaint the admin's terminal.
  return String(v).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
