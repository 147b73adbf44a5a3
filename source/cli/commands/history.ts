// `claude-tui history SESSION`: all of a session's output, as plain text, as it looked on its screen.
import process from 'node:process';
import {historyLines} from '../../history/render.js';
import {configuredHosts} from '../connect.js';
import {defineCommand} from '../define.js';
import {isOnHost, runHistoryOnHost} from '../on-host.js';
import {findSession, LineWriter, warn} from '../recordings.js';

export const command = defineCommand({
	usage: 'claude-tui history SESSION',
	description: 'Print a session\'s output history. All of it, as plain text, as it looked on its screen.',
	flags: {},
	arity: [1, 1],
	async run({inputs: [reference = ''], socket}) {
		const hosts = await configuredHosts();
		if (isOnHost(reference, hosts)) {
			await runHistoryOnHost('history', reference, {}, hosts);
			return;
		}

		const session = await findSession(reference, socket);
		const writer = new LineWriter(process.stdout);
		for await (const line of historyLines(session.files, {onProblem: warn})) {
			if (writer.closed) {
				break;
			}

			await writer.write(line.text + '\n');
		}
	},
});
