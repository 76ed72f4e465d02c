/** A mistake in how kpep was called: one clear line and exit code 2, never a stack trace (SPEC §6). */
export class UsageError extends Error {}
