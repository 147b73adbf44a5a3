// Reading a node-pty child's output to its very end, as text from one UTF-8 decoder.
import fs from 'node:fs';
import type {Socket} from 'node:net';
import {StringDecoder} from 'node:string_decoder';
import type * as pty from 'node-pty';

export type PtyOutputHandlers = {
	/** Output, decoded; a character split between two reads arrives whole, in the later piece. */
	onText: (text: string) => void;
	/** Everything the child wrote has been read (after its exit, often later): nothing more will come. */
	onEnd: () => void;
};

type PtyInternals = {_socket?: Socket & {_readableState?: {decoder?: unknown; encoding?: unknown}}; _fd?: number};

// How long the stream must have been quiet before its end is believed (see readPtyOutput).
const quietForMs = 250;

/**
Sends a child's output to `onText` until the last byte, then calls `onEnd`.

node-pty can lose the end of a child's output (node-pty #72), two ways:
- It destroys its read socket 200 ms after the child exits. When the event loop is busy parsing output, that
  timer fires before the last 8-13 KB still in the kernel's PTY buffer were read.
- Linux can report end-of-file (or EIO) on the master as soon as the child closes its side, while the child's
  last few KB are still on their way into the master's buffer; libuv then stops reading and they are lost.
So the socket's destroy is deferred: while the stream still reads, until it has been quiet (and unpaused) for a
moment; once the stream has ended, what the kernel still holds is read here, straight from the fd, until nothing
more has come for that moment. The quiet-time fallback keeps a grandchild that holds the PTY open from keeping the
session alive forever.

The bytes read after the stream's end must go through the decoder that read the stream, or a character split
between the stream's last chunk and them comes out as two U+FFFD. The stream's own decoder cannot be that one: the
stream ends it (flushing a U+FFFD) at its end-of-file. So the stream is switched back to bytes and this function's
decoder reads everything, ended once, when nothing more can come.
*/
export function readPtyOutput(child: pty.IPty, {onText, onEnd}: PtyOutputHandlers): void {
	const internals = child as unknown as PtyInternals;
	const socket = internals._socket;
	if (!socket) {
		// Not node-pty's Unix terminal: nothing to work around.
		child.onData(onText);
		child.onExit(() => {
			onEnd();
		});
		return;
	}

	const decoder = new StringDecoder('utf8');
	// node-pty asked its stream for strings (spawning with `encoding: null` instead would also drop the PTY's
	// IUTF8 flag, which makes a line editor erase a multibyte character byte by byte); bytes from here on.
	const state = socket._readableState;
	if (state && 'decoder' in state) {
		state.decoder = null;
		state.encoding = null;
	}

	let lastReadAt = Date.now();
	let ended = false;
	const deliver = (chunk: Buffer | string) => {
		lastReadAt = Date.now();
		const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
		if (text !== '') {
			onText(text);
		}
	};

	socket.on('data', deliver);
	socket.on('end', () => {
		ended = true;
	});
	socket.on('error', () => {
		ended = true;
	});
	socket.once('close', () => {
		const rest = decoder.end();
		if (rest !== '') {
			onText(rest);
		}

		onEnd();
	});

	const fd = internals._fd;
	const readLeftovers = () => {
		if (fd === undefined) {
			return;
		}

		for (;;) {
			const buffer = Buffer.alloc(64 * 1024);
			let count: number;
			try {
				count = fs.readSync(fd, buffer, 0, buffer.length, null);
			} catch {
				// EAGAIN: nothing now; EIO: nothing more is buffered (yet).
				return;
			}

			if (count <= 0) {
				return;
			}

			deliver(buffer.subarray(0, count));
		}
	};

	const destroy = socket.destroy.bind(socket);
	let destroying = false;
	socket.destroy = (error?: Error) => {
		if (destroying) {
			return socket;
		}

		destroying = true;
		const attempt = () => {
			if (socket.destroyed) {
				return;
			}

			// libuv no longer reads an ended stream, so reading the fd here cannot reorder anything.
			if (ended || socket.readableEnded) {
				readLeftovers();
			}

			if ((!ended && socket.isPaused()) || Date.now() - lastReadAt < quietForMs) {
				setTimeout(attempt, 20).unref();
				return;
			}

			destroy(error);
		};

		attempt();
		return socket;
	};
}

/**
Bytes written to the child that the PTY has not taken yet: node-pty queues what the kernel's buffer refuses (a
program that does not read its input leaves a paste there), in its write stream's queue.
*/
export function unwrittenInputBytes(child: pty.IPty): number {
	const queue = (child as unknown as {_writeStream?: {_writeQueue?: Array<{buffer: Uint8Array; offset: number}>}})._writeStream?._writeQueue;
	let bytes = 0;
	for (const task of queue ?? []) {
		bytes += task.buffer.byteLength - task.offset;
	}

	return bytes;
}
