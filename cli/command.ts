/** One subcommand of the `tcell-hooks` command line. */
export interface CliCommand {
  /** One line for the command list. */
  summary: string;
  /** Usage text printed for `--help` and after a usage error. */
  usage: string;
  /** Runs the command; resolves with the exit code. */
  run(args: string[], env: NodeJS.ProcessEnv): Promise<number>;
}

/** A usage error: the message is printed with the command's usage, and the exit code is 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
