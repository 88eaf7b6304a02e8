import { SCENARIO_KINDS, type DetectionEvaluation, type ScenarioKind } from '@surv/simulator';

/** Detection quality summed over several runs (seeds); one run is the same with `runs: 1`. */
export interface EvaluationTotals {
  readonly runs: number;
  readonly patterns: Record<string, { scenarios: number; matched: number; recall: number; misses: string[] }>;
  readonly rules: Record<string, { alerts: number; truePositives: number; precision: number }>;
  readonly benign: Record<string, { scenarios: number; falseAlerts: number }>;
  /** Alerts matching no injected manipulation. */
  readonly unmatchedAlerts: number;
}

const isBenign = (kind: ScenarioKind) => kind.startsWith('BENIGN_');

/** Sums evaluations of several runs; ratios are recomputed from the sums (not averaged). */
export const totalEvaluations = (runs: readonly DetectionEvaluation[], labels: readonly string[] = []): EvaluationTotals => {
  const patterns: EvaluationTotals['patterns'] = {};
  const benign: EvaluationTotals['benign'] = {};
  const rules: EvaluationTotals['rules'] = {};
  let unmatched = 0;
  runs.forEach((run, i) => {
    const prefix = labels[i] ? `${labels[i]}:` : '';
    for (const kind of SCENARIO_KINDS) {
      const k = run.byKind[kind];
      if (isBenign(kind)) {
        const b = (benign[kind] ??= { scenarios: 0, falseAlerts: 0 });
        b.scenarios += k.scenarios;
        b.falseAlerts += run.falseAlertsByBenignKind[kind as keyof DetectionEvaluation['falseAlertsByBenignKind']] ?? 0;
      } else {
        const p = (patterns[kind] ??= { scenarios: 0, matched: 0, recall: 1, misses: [] });
        p.scenarios += k.scenarios;
        p.matched += k.matched;
        p.misses.push(...k.misses.map((m) => `${prefix}${m}`));
      }
    }
    for (const [rule, r] of Object.entries(run.byRule)) {
      const t = (rules[rule] ??= { alerts: 0, truePositives: 0, precision: 1 });
      t.alerts += r.alerts;
      t.truePositives += r.truePositives;
    }
    unmatched += run.unmatchedAlerts.length;
  });
  for (const p of Object.values(patterns)) p.recall = p.scenarios === 0 ? 1 : p.matched / p.scenarios;
  for (const r of Object.values(rules)) r.precision = r.alerts === 0 ? 1 : r.truePositives / r.alerts;
  return { runs: runs.length, patterns, rules, benign, unmatchedAlerts: unmatched };
};

const ratio = (x: number) => x.toFixed(2);
const row = (cells: readonly (string | number)[], widths: readonly number[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');

/** The evaluation as three small tables: recall per manipulation pattern, precision per rule, false alerts per look-alike. */
export const formatEvaluation = (input: DetectionEvaluation | EvaluationTotals): string => {
  const t = 'byKind' in input ? totalEvaluations([input]) : input;
  const out: string[] = [`Detection against the injected ground truth${t.runs > 1 ? ` (${t.runs} runs)` : ''}`];
  const w1 = [22, 8, 8, 7];
  out.push(`  ${row(['manipulation pattern', 'injected', 'alerted', 'recall'], w1)}`);
  for (const [kind, p] of Object.entries(t.patterns)) out.push(`  ${row([kind, p.scenarios, p.matched, ratio(p.recall)], w1)}`);
  const w2 = [22, 8, 8, 9];
  out.push('', `  ${row(['rule', 'alerts', 'true', 'precision'], w2)}`);
  for (const [rule, r] of Object.entries(t.rules)) out.push(`  ${row([rule, r.alerts, r.truePositives, ratio(r.precision)], w2)}`);
  const w3 = [22, 8, 12];
  out.push('', `  ${row(['benign look-alike', 'injected', 'false alerts'], w3)}`);
  for (const [kind, b] of Object.entries(t.benign)) out.push(`  ${row([kind, b.scenarios, b.falseAlerts], w3)}`);
  const misses = Object.values(t.patterns).flatMap((p) => p.misses);
  if (misses.length > 0) out.push('', `  missed: ${misses.join(', ')}`);
  out.push('', `  alerts matching no injected manipulation: ${t.unmatchedAlerts}`);
  return out.join('\n');
};
