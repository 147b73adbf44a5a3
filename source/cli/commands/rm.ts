// `claude-tui rm SESSION`: a session gone, with its record and recordings.
import {sessionClient, withClient} from '../connect.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui rm SESSION',
	description: 'Remove a session, killing it first if it still runs, and delete its record and recordings.',
	flags: {},
	arity: [1, 1],
	async run({inputs: [session = ''], socket}) {
		await withClient(sessionClient(socket, session), async client => client.request('session.remove', {session}));
	},
});
