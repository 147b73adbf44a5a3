// `claude-tui bridge`: stdin and stdout joined to the daemon's socket (how `ssh HOST claude-tui bridge` reaches a
// host's daemon).
import process from 'node:process';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui bridge',
	description: 'Join stdin and stdout to the daemon\'s socket, starting the daemon when none runs. `ssh HOST claude-tui bridge` is then a JSON-RPC channel to that host\'s daemon: how claude-tui reaches sessions on other machines (config "hosts").',
	flags: {},
	arity: [0, 0],
	async run({socket}) {
		const {runBridge} = await import('../../bridge.js');
		await runBridge(socket);
		// stdin may still be open (the daemon went first); nothing more will pass.
		process.exit(0);
	},
});
