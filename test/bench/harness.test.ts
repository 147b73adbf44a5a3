// The bench's own instruments: percentiles computed right, and waits that fail loudly within their deadline
// instead of hanging. No timing assertions: the per-test timeout is what catches a hang.
import assert from 'node:assert/strict';
import os from 'node:os';
import {describe, test} from 'node:test';
import {DeadlineError, pollUntil, withDeadline} from '../../bench/harness/deadline.js';
import {OuterTerminal} from '../../bench/harness/outer-terminal.js';
import {median, percentile, summarize} from '../../bench/harness/stats.js';

const hangGuard = {timeout: 15_000};

describe('percentiles', () => {
	const oneToHundred = Array.from({length: 100}, (_, index) => index + 1);

	test('interpolate between the nearest ranks', () => {
		assert.equal(percentile(oneToHundred, 0), 1);
		assert.equal(percentile(oneToHundred, 100), 100);
		assert.equal(percentile(oneToHundred, 50), 50.5);
		assert.ok(Math.abs(percentile(oneToHundred, 99) - 99.01) < 1e-9);
		assert.equal(median([3, 1, 2]), 2);
		assert.equal(median([4, 1, 3, 2]), 2.5);
		assert.equal(percentile([7], 99), 7);
	});

	test('do not depend on the order of the samples, nor reorder them', () => {
		const shuffled = [5, 3, 9, 1, 7];
		assert.equal(percentile(shuffled, 50), 5);
		assert.equal(percentile(shuffled, 75), 7);
		assert.deepEqual(shuffled, [5, 3, 9, 1, 7]);
	});

	test('refuse no samples and percentiles outside 0-100', () => {
		assert.throws(() => percentile([], 50), RangeError);
		assert.throws(() => percentile([1], 101), RangeError);
		assert.throws(() => percentile([1], Number.NaN), RangeError);
		assert.throws(() => summarize([]), RangeError);
	});

	test('a summary has the count, p50, p99, extremes and mean', () => {
		const {p99, ...rest} = summarize([2, 4, 6, 8]);
		assert.deepEqual(rest, {count: 4, p50: 5, min: 2, max: 8, mean: 5});
		assert.ok(Math.abs(p99 - 7.94) < 1e-9);
	});
});

describe('deadlines', () => {
	test('withDeadline rejects with what it waited for', hangGuard, async () => {
		await assert.rejects(withDeadline(new Promise(() => {}), 50, 'a promise that never settles'), (error: Error) => {
			assert.ok(error instanceof DeadlineError);
			assert.match(error.message, /Timed out after 50 ms waiting for a promise that never settles/);
			return true;
		});
		assert.equal(await withDeadline(Promise.resolve(42), 50, 'an answer'), 42);
	});

	test('pollUntil rejects with the last error it saw', hangGuard, async () => {
		await assert.rejects(pollUntil(() => {
			throw new Error('not yet');
		}, {timeoutMs: 60, intervalMs: 10, what: 'a check that keeps failing'}), /waiting for a check that keeps failing \(last error: not yet\)/);
		let calls = 0;
		assert.equal(await pollUntil(() => ++calls >= 3 && 'done', {timeoutMs: 5000, intervalMs: 1, what: 'three calls'}), 'done');
	});
});

describe('the outer terminal', () => {
	const open = (script: string) => new OuterTerminal({command: 'sh', args: ['-c', script], cols: 80, rows: 24, env: process.env, cwd: os.tmpdir()});

	test('times an echo that comes, and sees it on the screen', hangGuard, async () => {
		const terminal = open('exec cat');
		try {
			terminal.mark();
			const sent = terminal.write('q');
			const echoed = await terminal.waitForOutput('q', 5000);
			assert.ok(echoed >= sent);
			await terminal.waitForScreen(() => terminal.charAt(0, 0) === 'q', {timeoutMs: 5000});
			assert.deepEqual(terminal.cursor(), {x: 1, y: 0});
			assert.ok(terminal.bytes >= 1);
		} finally {
			await terminal.close();
		}
	});

	test('an echo that never comes fails with a clear error at its deadline', hangGuard, async () => {
		const terminal = open('stty -echo; echo ready; exec cat >/dev/null');
		try {
			await terminal.waitForOutput('ready', 5000);
			terminal.mark();
			terminal.write('x');
			await assert.rejects(terminal.waitForOutput('x', 300, 'the echo of "x"'), (error: Error) => {
				assert.ok(error instanceof DeadlineError);
				assert.match(error.message, /^Timed out after 300 ms waiting for the echo of "x" in the client's output/);
				return true;
			});
			await assert.rejects(
				terminal.waitForScreen(() => terminal.shows('never shown'), {timeoutMs: 300, what: 'a line that never comes'}),
				/Timed out after 300 ms waiting for a line that never comes\. The screen shows:\nready/,
			);
		} finally {
			await terminal.close();
		}
	});

	test('a client that exits fails the wait at once rather than at the deadline', hangGuard, async () => {
		const terminal = open('sleep 0.2; echo bye');
		try {
			await assert.rejects(terminal.waitForOutput('never', 60_000), /the client exited \(code 0\) while waiting for "never"/);
			await terminal.exited;
			await assert.rejects(terminal.waitForOutput('never', 60_000), /already exited/);
		} finally {
			await terminal.close();
		}
	});

	test('waitForQuiet returns once the client has been quiet long enough, and fails on chatter', hangGuard, async () => {
		const quiet = open('exec cat');
		const chatty = open('while :; do echo chatter; sleep 0.01; done');
		try {
			await quiet.waitForQuiet(50, 5000);
			await assert.rejects(chatty.waitForQuiet(500, 300), /client to be quiet for 500 ms/);
		} finally {
			await quiet.close();
			await chatty.close();
		}
	});
});
