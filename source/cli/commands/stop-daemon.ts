// `claude-tui stop-daemon`: the daemon stops; its sessions get SIGHUP.
import {connectExisting} from '../connect.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui stop-daemon',
	description: 'Stop the daemon. Its sessions get SIGHUP and end.',
	flags: {},
	arity: [0, 0],
	async run({socket, output}) {
		const client = await connectExisting(socket);
		const {pid} = await client.request('daemon.status');
		await client.request('daemon.shutdown');
		await new Promise<void>(resolve => {
			client.once('close', resolve);
		});
		output.out(`Stopped the daemon (pid ${pid}) on ${socket}`);
	},
});
