// A command module's `command`: its spec, and the steps every command takes before it runs (parse its words,
// answer --help, choose the socket).
import {configuredSocket} from '../config-file.js';
import {socketPath} from '../paths.js';
import {parseCommandLine} from './flags.js';
import type {Command, CommandDefinition, FlagSpecs, Output} from './spec.js';

const output: Output = {
	out(text) {
		process.stdout.write(text + '\n');
	},
};

export function defineCommand<const Specs extends FlagSpecs>(definition: CommandDefinition<Specs>): Command {
	const {run, ...spec} = definition;
	return {
		spec,
		async execute(name, words) {
			const {help, flags, socket, inputs} = parseCommandLine(name, spec, words);
			if (help) {
				const {printHelp} = await import('./help.js');
				await printHelp(name, spec);
				return;
			}

			await run({name, flags, inputs, socket: chooseSocket(socket), output});
		},
	};
}

/** The flag, then $CLAUDE_TUI_SOCKET, then the config file, then the default place. */
export function chooseSocket(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
	return socketPath({socket: flag ?? (env['CLAUDE_TUI_SOCKET'] ? undefined : configuredSocket()), env});
}
