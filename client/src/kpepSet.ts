/**
 * The last answer of the server's `kpep/kpeps`, kept so the views and the preview can render
 * synchronously. It is a copy of the server's index, never a second one: it is replaced whole by
 * the next answer, asked again whenever the server sends `kpep/kpepsChanged`.
 */
import { EventEmitter, Uri, type Disposable, type Event } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { KPEPS_CHANGED_NOTIFICATION, KPEPS_REQUEST, type KpepFolderSummary, type KpepSummary } from '../../server/src/protocol/kpepProtocol';

export class KpepSet implements Disposable {
  private folders: readonly KpepFolderSummary[] = [];
  private readonly changed = new EventEmitter<void>();
  // Answers can arrive out of order; only the latest request may replace the set.
  private generation = 0;
  private readonly subscriptions: Disposable[] = [];
  /** Fires after each new answer from the server. */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(private readonly client: LanguageClient) {
    this.subscriptions.push(this.changed, client.onNotification(KPEPS_CHANGED_NOTIFICATION, () => void this.refresh()));
  }

  /** Asks the server for the set; resolves once the answer is kept (or the server failed to answer). */
  async refresh(): Promise<void> {
    const asked = ++this.generation;
    let answer: KpepFolderSummary[];
    try {
      answer = await this.client.sendRequest<KpepFolderSummary[]>(KPEPS_REQUEST);
    } catch {
      // A server that is restarting answers nothing; its next kpepsChanged asks again.
      return;
    }
    if (asked === this.generation) {
      this.folders = answer;
      this.changed.fire();
    }
  }

  all(): readonly KpepFolderSummary[] {
    return this.folders;
  }

  /** The folder that holds `uri` (the longest matching folder URI), else the first folder. */
  folderOf(uri: Uri | undefined): KpepFolderSummary | undefined {
    const text = uri?.toString();
    const holding = text === undefined ? [] : this.folders.filter((folder) => text.startsWith(folder.folderUri.endsWith('/') ? folder.folderUri : `${folder.folderUri}/`));
    return holding.sort((a, b) => b.folderUri.length - a.folderUri.length)[0] ?? this.folders[0];
  }

  /** The KPEP whose README is `uri`. */
  kpepAt(uri: Uri): KpepSummary | undefined {
    const text = uri.toString();
    return this.folderOf(uri)?.kpeps.find((kpep) => Uri.parse(kpep.uri).toString() === text);
  }

  /** The KPEP numbered `kpepNumber` in the folder that holds `near`. */
  kpepNumbered(kpepNumber: number, near: Uri | undefined): KpepSummary | undefined {
    return this.folderOf(near)?.kpeps.find((kpep) => kpep.kpepNumber === kpepNumber);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}
