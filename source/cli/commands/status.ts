// `claude-tui status`: whether a daemon runs, and what it holds.
import {formatDuration} from '../../format.js';
import type {DaemonStatus} from '../../protocol.js';
import {connectExisting, withClient} from '../connect.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui status [--json]',
	description: 'Show whether a daemon runs, and its pid, uptime, sessions and clients.',
	flags: {json: {type: 'boolean'}},
	flagHelp: ['--json              Print JSON'],
	arity: [0, 0],
	async run({flags, socket, output}) {
		const status = await withClient(connectExisting(socket), async client => client.request('daemon.status'));
		output.out(flags.json ? JSON.stringify(status, undefined, 2) : formatStatus(status));
	},
});

export function formatStatus(status: DaemonStatus): string {
	return [
		`claude-tui daemon ${status.version}`,
		`socket:   ${status.socket}`,
		`pid:      ${status.pid}`,
		`uptime:   ${formatDuration(status.uptime)}`,
		`sessions: ${status.sessions} (${status.running} running)`,
		`clients:  ${status.clients}`,
		...(status.recordProblems ?? []).map(problem => `skipped:  ${problem.file}: ${problem.message}`),
	].join('\n');
}
