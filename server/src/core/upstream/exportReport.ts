/** The export's report as text, the same for the terminal and the editor. */
import type { KepExport } from './exportKep';

export function formatExportReport(options: { plan: KepExport & { kind: 'planned' }; written: readonly string[] }): string {
  const { plan } = options;
  const lines = options.written.map((file) => `Wrote ${file}`);
  if (plan.problems.length === 0) {
    lines.push('', 'Upstream validation would accept this KEP.');
  } else {
    lines.push('', `Upstream would still reject this KEP (${plan.problems.length} to fill in):`);
    lines.push(...plan.problems.map((problem) => `  ${problem.file}: ${problem.message}`));
  }
  if (plan.notes.length > 0) {
    lines.push('', 'Not carried over as is:', ...plan.notes.map((note) => `  ${note}`));
  }
  return `${lines.join('\n')}\n`;
}
