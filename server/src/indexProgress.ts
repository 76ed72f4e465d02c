/** Work-done progress for indexing ("Indexing KPEPs 120/611"), reported at most every 100 ms. */
import type { Connection } from 'vscode-languageserver/node';
import type { IndexProgress } from './workspaceIndexer';

const REPORT_INTERVAL_MS = 100;

export async function createIndexProgress(connection: Connection, options: { title: string; enabled: boolean }): Promise<IndexProgress> {
  if (!options.enabled) {
    return { report: () => undefined, done: () => undefined };
  }
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin(options.title, 0, undefined, false);
  let lastReport = 0;
  return {
    report: (done, total) => {
      const now = Date.now();
      if (now - lastReport >= REPORT_INTERVAL_MS || done === total) {
        lastReport = now;
        progress.report(total === 0 ? 100 : Math.round((done / total) * 100), `${done}/${total}`);
      }
    },
    done: () => progress.done(),
  };
}
