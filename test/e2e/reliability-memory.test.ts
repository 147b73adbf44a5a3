// Memory goes back to the system after sessions are removed: the daemon's resident set falls well below its peak,
// rather than staying there (V8 frees a terminal's buffers only at a full collection, glibc keeps freed memory).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {describe, test} from 'node:test';
import {daemonForSuite, waitFor} from '../helpers/daemon.js';

const residentMb = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

describe('memory after removing many sessions', () => {
	const daemon = daemonForSuite();

	test('100 sessions with 2,000 lines of scrollback each: the resident set falls to under half its peak once they are removed', {timeout: 90_000}, async () => {
		const pid = await daemon.sandbox.daemonPid();
		const base = residentMb(pid);
		const ids: string[] = [];
		for (let index = 0; index < 100; index++) {
			ids.push((await daemon.client.request('session.create', {command: 'sh', args: ['-c', 'seq 1000000 1003000; exec sleep 60'], cols: 200, rows: 50})).id);
		}

		await waitFor(async () => {
			const captured = await daemon.client.request('session.capture', {session: ids.at(-1)!});
			return captured.text.includes('1003000');
		}, {timeout: 30_000, message: 'the last session to have printed its lines'});
		const peak = residentMb(pid);
		assert.ok(peak - base > 150, `the sessions took ${Math.round(peak - base)} MB (from ${Math.round(base)} MB)`);
		for (const id of ids) {
			await daemon.client.request('session.remove', {session: id});
		}

		await waitFor(() => residentMb(pid) < base + (peak - base) / 2, {timeout: 30_000, interval: 250, message: () => `the resident set to fall from ${Math.round(peak)} MB (now ${Math.round(residentMb(pid))} MB, ${Math.round(base)} MB before)`});
	});
});
