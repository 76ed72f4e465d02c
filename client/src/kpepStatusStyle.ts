/**
 * How each status looks in every view (the KPEPs tree, the graph, the preview): one theme colour
 * and one codicon per status, so the three agree and follow the user's theme.
 */
import { KPEP_STATUSES, type KpepStatus } from '../../server/src/protocol/kpepProtocol';

export interface StatusStyle {
  /** A theme colour id (`charts.yellow`); in a webview it is the CSS variable `--vscode-charts-yellow`. */
  readonly color: string;
  readonly codicon: string;
}

const STYLES: Readonly<Record<KpepStatus, StatusStyle>> = {
  provisional: { color: 'charts.yellow', codicon: 'circle-large-outline' },
  implementable: { color: 'charts.blue', codicon: 'circle-large-filled' },
  implemented: { color: 'charts.green', codicon: 'pass-filled' },
  withdrawn: { color: 'disabledForeground', codicon: 'circle-slash' },
  replaced: { color: 'charts.purple', codicon: 'arrow-swap' },
};
const UNKNOWN: StatusStyle = { color: 'descriptionForeground', codicon: 'question' };

export function statusStyle(status: string | null): StatusStyle {
  return isKnownStatus(status) ? STYLES[status] : UNKNOWN;
}

/** The CSS variable a webview uses for a theme colour id. */
export function themeColorVariable(color: string): string {
  return `var(--vscode-${color.replace(/\./g, '-')})`;
}

/** Statuses in lifecycle order, then anything else (a missing or misspelt status) last. */
export function statusRank(status: string | null): number {
  const rank = (KPEP_STATUSES as readonly (string | null)[]).indexOf(status);
  return rank < 0 ? KPEP_STATUSES.length : rank;
}

/** A status as a class-name part: an unknown status from a broken front matter is reduced to letters. */
export function statusSlug(status: string | null): string {
  return (status ?? 'none').toLowerCase().replace(/[^a-z]/g, '') || 'none';
}

function isKnownStatus(status: string | null): status is KpepStatus {
  return (KPEP_STATUSES as readonly (string | null)[]).includes(status);
}
