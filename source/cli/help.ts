// `claude-tui [COMMAND] --help`: the package's description, then the command's own help. Printed as meow printed
// it, without meow: its load cost 66 ms of every command's start (its bundled normalize-package-data runs as it
// loads), and all it did here was this layout.
import process from 'node:process';
import {description as packageDescription} from '../version.js';
import {commandNames, loadCommand} from './registry.js';
import type {CommandSpec} from './spec.js';

const socketHelp = '--socket, -S PATH   Daemon socket (default: $CLAUDE_TUI_SOCKET, $XDG_RUNTIME_DIR/claude-tui/daemon.sock, /tmp/claude-tui-$UID/daemon.sock)';

/** A command's help; the bare command's lists every command with the first sentence of its description. */
export async function helpText(name: string, spec: CommandSpec): Promise<string> {
	const lines = [`  ${spec.description}`, '', '  Usage', `    $ ${spec.usage}`, '', '  Options', `    ${socketHelp}`];
	lines.push(...(spec.flagHelp ?? []).map(line => `    ${line}`));
	if (name === '') {
		const others = commandNames.filter(command => command !== '');
		const commands = await Promise.all(others.map(async command => loadCommand(command)));
		lines.push(
			'',
			'  Commands',
			...others.map((command, index) => `    ${command.padEnd(12)} ${commands[index]!.spec.description.split('. ')[0]!.replace(/\.$/, '')}`),
			'',
			'  Run `claude-tui COMMAND --help` for a command\'s options.',
		);
	}

	return lines.join('\n');
}

export async function printHelp(name: string, spec: CommandSpec): Promise<void> {
	process.stdout.write(`\n  ${packageDescription}\n\n${await helpText(name, spec)}\n\n`);
}
