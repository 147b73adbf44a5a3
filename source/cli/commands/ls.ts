// `claude-tui ls`: the sessions, of this machine and of every host in the config file. The command a script runs
// most: it loads the client, the table and the config file, and the hosts' code only when there are hosts.
import {connectOrStart} from '../../daemon/lifecycle.js';
import {configuredHosts, withClient} from '../connect.js';
import {defineCommand} from '../define.js';
import {formatTable, sessionColumns, sessionRow} from '../session-table.js';

export const command = defineCommand({
	usage: 'claude-tui ls [--json]',
	description: 'List sessions: name, id, state, size, attached clients, directory and command.',
	flags: {json: {type: 'boolean'}},
	flagHelp: ['--json              Print JSON'],
	arity: [0, 0],
	async run({flags, socket, output}) {
		const hosts = await configuredHosts();
		const local = async () => connectOrStart(socket);
		if (hosts.list.length > 0) {
			const {listEveryHost} = await import('../list-hosts.js');
			await listEveryHost(local, hosts, flags, output);
			return;
		}

		const {sessions} = await withClient(local(), async client => client.request('session.list'));
		if (flags.json) {
			output.out(JSON.stringify(sessions, undefined, 2));
		} else if (sessions.length === 0) {
			output.out('No sessions. Start one with `claude-tui new` or `claude-tui`.');
		} else {
			output.out(formatTable(sessionColumns, sessions.map(session => sessionRow(session))));
		}
	},
});
