import { runReplay } from '../detection/cli/replay';
import type { CliCommand } from './command';

/** `tcell-hooks replay <files...>`: runs the detection rules over recorded login events. */
export const replayCommand: CliCommand = {
  summary: 'replay tCell JSONL files (or sshd logs) through the detection rules, with a report',
  usage: 'usage: tcell-hooks replay [options] <files...>   (tcell-hooks replay --help for more)',
  run: (args) => runReplay(args),
};
