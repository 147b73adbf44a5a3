// A child's last output is decoded whole at its exit: the bytes read after the PTY's end continue the stream's
// decoder, so a character split across that edge is neither cut nor replaced by U+FFFD, on screen, at clients
// and in the recording.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {collectOutput, daemonForSuite, waitFor} from '../helpers/daemon.js';

// Lines of 2-, 3- and 4-byte characters, so that the PTY's reads end inside one now and then; the last line marks
// the end of output.
const printer = String.raw`const line = 'é✳日本語🙂'.repeat(12) + '\n'; let out = ''; for (let i = 0; i < 3000; i++) out += line; process.stdout.write(out + 'END\n');`;

describe('UTF-8 at a child\'s exit', () => {
	const daemon = daemonForSuite();

	test('20 children that print 1 MB of multibyte text and exit: no U+FFFD anywhere', {timeout: 120_000}, async () => {
		const cut: string[] = [];
		for (let batch = 0; batch < 2; batch++) {
			const sessions = await Promise.all(Array.from({length: 10}, async (_, index) => {
				const info = await daemon.client.request('session.create', {name: `u${batch}-${index}`, command: process.execPath, args: ['-e', printer], cols: 120, rows: 30});
				await daemon.client.request('session.attach', {session: info.id, frames: false});
				return {info, output: collectOutput(daemon.client, info.id)};
			}));
			await Promise.all(sessions.map(async ({info, output}) => {
				await waitFor(async () => (await daemon.client.request('session.get', {session: info.id})).status === 'exited', {timeout: 60_000, message: `${info.name} to exit`});
				await waitFor(() => output.text().includes('END'), {timeout: 30_000, message: `${info.name}'s END at the client`});
				const screen = (await daemon.client.request('session.capture', {session: info.id, scrollback: 200})).text;
				const recording = await waitFor(() => {
					const text = fs.readFileSync(path.join(daemon.sandbox.directory, 'state', 'claude-tui', 'sessions', info.id, 'output.cast'), 'utf8');
					return text.includes('END') ? text : undefined;
				}, {message: `${info.name}'s END in the recording`});
				if ([output.text(), screen, recording].some(text => /\uFFFD|\\ufffd/i.test(text))) {
					cut.push(info.name);
				}
			}));
		}

		assert.deepEqual(cut, []);
	});
});
