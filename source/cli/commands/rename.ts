// `claude-tui rename SESSION NAME`.
import {sessionClient, withClient} from '../connect.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui rename SESSION NAME',
	description: 'Rename a session.',
	flags: {},
	arity: [2, 2],
	async run({inputs: [session = '', name = ''], socket, output}) {
		const renamed = await withClient(sessionClient(socket, session), async client => client.request('session.rename', {session, name}));
		output.out(renamed.name);
	},
});
