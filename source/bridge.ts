// `claude-tui bridge`: this process's stdin and stdout joined to the daemon's socket, starting the daemon when
// none runs, so `ssh HOST claude-tui bridge` is a JSON-RPC channel to that host's daemon. The bytes pass through
// unread both ways: the daemon frames, checks and answers them as it does for any client on its socket (which
// this is: same user, same peer checks), and nothing of ours is ever written to stdout.
import type net from 'node:net';
import process from 'node:process';
import {connectOrStartSocket} from './daemon/lifecycle.js';

export type BridgeStreams = {
	input: NodeJS.ReadableStream;
	output: NodeJS.WritableStream;
};

/** Runs until either side closes; resolves once the daemon's side is closed and stdout is flushed. */
export async function runBridge(socketPath: string, {input, output}: BridgeStreams = {input: process.stdin, output: process.stdout}): Promise<void> {
	const socket: net.Socket = await connectOrStartSocket(socketPath);
	await new Promise<void>(resolve => {
		let done = false;
		const finish = () => {
			if (!done) {
				done = true;
				input.unpipe(socket);
				// Whatever the daemon said last still reaches the other side before we go.
				output.end(resolve);
			}
		};

		// The other side went away (ssh closed the channel): the daemon sees an ordinary client leave.
		input.on('end', () => {
			socket.end();
		});
		input.on('error', () => {
			socket.destroy();
		});
		output.on('error', () => {
			// A reader that vanished (EPIPE): nobody is left to talk to.
			socket.destroy();
			resolve();
		});
		socket.on('error', () => {
			// 'close' follows.
		});
		socket.on('close', finish);
		input.pipe(socket, {end: false});
		socket.pipe(output, {end: false});
	});
}
