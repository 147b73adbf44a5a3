// `claude-tui new [-- COMMAND ARGS…]`: a session, here or on a host.
import path from 'node:path';
import {connectOrStart} from '../../daemon/lifecycle.js';
import {commandLink} from '../../hosts/commands.js';
import {configuredHosts, withClient} from '../connect.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui new [--name NAME] [--cwd DIR] [--host HOST] [-- COMMAND ARGS…]',
	description: 'Start a session and print its name. The command defaults to `claude` when on PATH, else $SHELL.',
	flags: {
		name: {type: 'string', short: 'n'},
		cwd: {type: 'string', short: 'c'},
		host: {type: 'string'},
	},
	flagHelp: [
		'--name, -n NAME     Session name (default: the command\'s name, made unique)',
		'--cwd, -c DIR       Working directory (default: the current one; on a host, its home)',
		'--host HOST         Start it on HOST, one of the config file\'s "hosts" (it is then HOST:NAME)',
	],
	arity: [0, Number.POSITIVE_INFINITY],
	async run({flags, inputs, socket, output}) {
		const client = flags.host === undefined ? connectOrStart(socket) : commandLink(await configuredHosts(), flags.host);
		const [program, ...args] = inputs;
		const session = await withClient(client, async connected => connected.request('session.create', {
			name: flags.name,
			// A directory on another machine is that machine's to resolve; by default its home.
			cwd: flags.host === undefined ? path.resolve(flags.cwd ?? '.') : flags.cwd,
			command: program,
			args: program === undefined ? undefined : args,
		}));
		output.out(session.name);
	},
});
