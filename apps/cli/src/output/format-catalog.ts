import { type Catalog } from '@surv/local-runtime';

/** The catalog for people: one block per table with its location, objects, partitions and columns. */
export const formatCatalog = (catalog: Catalog): string => {
  const out: string[] = [];
  for (const t of catalog.tables) {
    const keys = t.partitionKeys.length ? ` partitioned by ${t.partitionKeys.join(', ')}` : '';
    out.push(`${t.name}  (${t.layer}, ${t.format}, ${t.objects} object${t.objects === 1 ? '' : 's'}, ${t.partitions.length} partition${t.partitions.length === 1 ? '' : 's'}${keys})`);
    out.push(`  location  ${t.location}`);
    const width = Math.max(0, ...t.columns.map((c) => c.name.length)) + 2;
    for (const c of t.columns) out.push(`  ${c.name.padEnd(width)}${c.type}`);
    if (t.partitions.length) {
      const shown = t.partitions.slice(0, 5).map((p) => Object.entries(p).map(([k, v]) => `${k}=${v}`).join('/'));
      out.push(`  partitions: ${shown.join(', ')}${t.partitions.length > 5 ? `, ... (${t.partitions.length - 5} more)` : ''}`);
    }
    out.push('');
  }
  out.push(`${catalog.tables.length} table${catalog.tables.length === 1 ? '' : 's'}; written to catalog.json`);
  return `${out.join('\n')}\n`;
};
