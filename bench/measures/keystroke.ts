// Keystroke echo: one byte typed into the outer terminal, until the client has put its echo on the screen at the
// cursor. The session runs `cat`, so the echo comes from the PTY's line discipline and the time is all the
// multiplexer's. `sshKeystroke` is the same through ssh to this machine, as if to another one.
import {sshdInstalled, startTestSshd} from '../harness/sshd.js';
import {summarize, type Summary} from '../harness/stats.js';
import type {OuterTerminal} from '../harness/outer-terminal.js';
import type {Size, World} from '../subjects/subject.js';
import type {MeasureOptions} from './options.js';

export type KeystrokeResult = {summary: Summary; samples: number[]};

const letters = 'abcdefghijklmnopqrstuvwxyz';
const killLine = '\u0015';

export async function measureKeystroke(world: World, options: MeasureOptions): Promise<KeystrokeResult> {
	return measureEcho(world, options, (name, outer) => world.attach(name, outer));
}

/** Why the ssh measure cannot run here, or undefined when it can. */
export function sshKeystrokeAbsent(): string | undefined {
	return sshdInstalled() ? undefined : 'needs OpenSSH\'s server (/usr/sbin/sshd, Debian: openssh-server) for an sshd of its own on 127.0.0.1';
}

/**
Through a private sshd on 127.0.0.1 (the tests' own, bench/harness/sshd.ts): claude-tui's TUI with this daemon as
a host, tmux's client run by `ssh -t`. Both cross ssh's encryption and the loopback twice per key.
*/
export async function measureSshKeystroke(world: World, options: MeasureOptions): Promise<KeystrokeResult> {
	const sshd = await startTestSshd(`${options.directory}/sshd`);
	try {
		return await measureEcho(world, options, (name, outer) => world.attachOverSsh(name, outer, sshd));
	} finally {
		await sshd.stop();
	}
}

async function measureEcho(world: World, options: MeasureOptions, attach: (name: string, outer: Size) => OuterTerminal): Promise<KeystrokeResult> {
	const count = options.quick ? 100 : 300;
	const gapMs = 20;
	await world.createSession('echo', 'cat', [], world.paneSize(options.outer));
	const client = attach('echo', options.outer);
	try {
		await client.waitForScreen(() => client.shows('echo'), {timeoutMs: 15_000, what: 'the client to show session "echo"'});
		await client.waitForQuiet(300, 10_000);
		const samples: number[] = [];
		for (let index = 0; index < count; index++) {
			const letter = letters[index % letters.length]!;
			if (index > 0 && index % letters.length === 0) {
				// Ctrl+U empties cat's line, so the line never wraps.
				client.write(killLine);
				await client.waitForScreen(() => client.charAt(client.cursor().x - 1, client.cursor().y) !== 'z', {timeoutMs: 5000, what: 'the line to be erased'});
				await client.waitForQuiet(gapMs, 5000);
			}

			const {x, y} = client.cursor();
			const sent = client.write(letter);
			const echoed = await client.waitForScreen(() => client.charAt(x, y) === letter, {timeoutMs: 5000, what: `the echo of "${letter}" at column ${x}, row ${y}`});
			samples.push(echoed - sent);
			// The quiet gap: the next key goes to an idle client, as a person's keys do.
			await client.waitForQuiet(gapMs, 5000);
		}

		return {summary: summarize(samples), samples};
	} finally {
		await client.close(world.detachKeys);
	}
}
