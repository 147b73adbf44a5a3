// A subscriber that never reads does not make events queue without bound: once it is 4 MB behind and has read
// nothing for 5 s, the daemon closes it (and says so in its log); a client that reads is never closed.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {daemonForSuite, recordNotifications, waitFor} from '../helpers/daemon.js';

describe('a subscriber that never reads', () => {
	const daemon = daemonForSuite();

	test('is closed once far behind, while a subscriber that reads gets every event', {timeout: 60_000}, async () => {
		const deaf = await daemon.sandbox.rawSocket();
		deaf.write('{"jsonrpc":"2.0","id":1,"method":"events.subscribe"}\n');
		// It reads nothing more: the kernel's buffer fills, then the daemon's queue.
		deaf.pause();
		const reader = await daemon.sandbox.connect();
		await reader.request('events.subscribe');
		const heard = recordNotifications(reader);
		const info = await daemon.client.request('session.create', {name: 'r0', command: 'sh', args: ['-c', 'exec sleep 60']});
		const clients = async () => (await daemon.client.request('daemon.status')).clients;
		assert.equal(await clients(), 3);
		// Each rename is a session.updated of about 1 KB to both subscribers.
		let renames = 0;
		const closed = await waitFor(async () => {
			for (let batch = 0; batch < 500; batch++) {
				await daemon.client.request('session.rename', {session: info.id, name: `r${++renames}`});
			}

			return (await clients()) === 2;
		}, {timeout: 40_000, interval: 200, message: 'the daemon to close the subscriber that does not read'});
		assert.ok(closed);
		assert.match(daemon.sandbox.log(), /closed a client that stopped reading \(\d+ MB unsent for 5 s\)/);
		await waitFor(() => heard.filter(({method, params}) => method === 'session.updated' && params.session.name === `r${renames}`).length > 0, {message: 'the reader to hear the last rename'});
		assert.equal(heard.filter(({method}) => method === 'session.updated').length >= renames, true);
		assert.equal(reader.closed, false);
		deaf.destroy();
	});
});
