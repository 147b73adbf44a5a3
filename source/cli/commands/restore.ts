// `claude-tui restore SESSION`: a restorable (or exited) session runs again, here or on its host.
import {sessionClient, withClient} from '../connect.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui restore SESSION',
	description: 'Restore a session. A restorable (or exited) session runs its command again in the same directory, under the same name, its old screen kept above; Claude Code resumes its conversation.',
	flags: {},
	arity: [1, 1],
	async run({inputs: [session = ''], socket, output}) {
		const restored = await withClient(sessionClient(socket, session), async client => client.request('session.restore', {session}));
		output.out(restored.name);
	},
});
