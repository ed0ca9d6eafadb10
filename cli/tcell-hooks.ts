#!/usr/bin/env node
import { bridgeCommand } from './bridge-command';
import { replayCommand } from './replay-command';
import { printable, quotePrintable } from '../detection/cli/printable';
import { VERSION } from '../src/version';
import type { CliCommand } from './command';
import { UsageError } from './command';

/** Every subcommand by name; a new command is one entry here. */
const COMMANDS: Record<string, CliCommand> = {
  bridge: bridgeCommand,
  replay: replayCommand,
};

/** Exit code of a usage error, as most command-line tools use. */
const USAGE_EXIT_CODE = 2;

function overallUsage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name}  ${command.summary}`);
  return [
    'usage: tcell-hooks <command> [options]',
    '       tcell-hooks --version',
    '',
    'commands:',
    ...lines,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(overallUsage());
    return name === undefined ? USAGE_EXIT_CODE : 0;
  }
  if (name === '--version' || name === 'version') {
    console.log(VERSION);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    console.error(`tcell-hooks: unknown command ${quotePrintable(name)}\n\n${overallUsage()}`);
    return USAGE_EXIT_CODE;
  }

  try {
    return await command.run(args, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`tcell-hooks ${name}: ${printable(error.message)}\n\n${command.usage}`);
    return USAGE_EXIT_CODE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Line by line, so a stack keeps its lines while a message from input cannot forge one.
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(text.split('\n').map(printable).join('\n'));
    process.exitCode = 1;
  },
);
