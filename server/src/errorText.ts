/** An error as the server's log shows it: the stack where there is one, so a failure can be traced. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
