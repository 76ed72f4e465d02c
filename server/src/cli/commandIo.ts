/** What every kpep command gets from main.ts: the working directory and the output streams. */
export interface CommandIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True only on a TTY without NO_COLOR. */
  readonly color: boolean;
  /** The environment, for settings such as KPEP_LINT_WORKERS. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface KpepCommand {
  readonly run: (args: readonly string[], io: CommandIo) => Promise<number>;
  /** One line for `kpep --help`. */
  readonly summary: string;
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything but the empty string. */
export function wantsColor(options: { isTty: boolean; noColor: string | undefined }): boolean {
  return options.isTty && !options.noColor;
}
