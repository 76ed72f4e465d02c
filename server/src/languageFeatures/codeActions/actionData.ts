/** What a status or supersede action carries to codeAction/resolve, which computes its edit then. */
export type ActionData =
  | { readonly kind: 'status'; readonly uri: string; readonly version: number; readonly to: string }
  | {
      readonly kind: 'supersede';
      readonly uri: string;
      readonly replacedPath: string;
      readonly successorPath: string;
      /** For a quick fix: what both KPEPs were when it was offered; resolving refuses if either changed. */
      readonly seen?: readonly string[];
    };

/** Whether the client resolves an action's edit lazily, and what today is for last-updated. */
export interface ActionSettings {
  readonly resolveEdits: boolean;
  readonly today: string;
}
