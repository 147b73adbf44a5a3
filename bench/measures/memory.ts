// Memory: the server's resident set with 0, 1, 10 and 100 idle shells (80x24), then after one of them printed
// 100,000 lines. Child processes are not counted (they are the same programs under either server).
import {pollUntil} from '../harness/deadline.js';
import {rssBytes} from '../harness/processes.js';
import type {World} from '../subjects/subject.js';
import {historyInput, shell, sleep, type MeasureOptions} from './options.js';

export type MemoryResult = {
	rssEmpty: number;
	rss1: number;
	rss10: number;
	rss100: number;
	rssAfterHistory: number;
	perIdleSession: number;
	historyLines: number;
};

const idleSize = {cols: 80, rows: 24};

export async function measureMemory(world: World, options: MeasureOptions): Promise<MemoryResult> {
	const settleMs = options.quick ? 500 : 1500;
	const historyLines = 100_000;
	let sessions = 0;
	const pid = await world.serverPid();
	const rssWith = async (count: number): Promise<number> => {
		while (sessions < count) {
			sessions++;
			await world.createSession(`idle-${sessions}`, shell.command, shell.args, idleSize);
		}

		// Settled: the newest shell has drawn its prompt, and the server has had a moment to go idle.
		await pollUntil(async () => /[$#] *$/m.test(await world.capture(`idle-${sessions}`)), {timeoutMs: 30_000, what: `the prompt of idle-${sessions}`});
		await sleep(settleMs);
		return rssBytes(pid);
	};

	await sleep(settleMs);
	const rssEmpty = rssBytes(pid);
	const rss1 = await rssWith(1);
	const rss10 = await rssWith(10);
	const rss100 = await rssWith(100);
	await world.type('idle-1', historyInput(historyLines, 'memory'));
	await pollUntil(async () => (await world.capture('idle-1')).includes('memory-done'), {timeoutMs: 120_000, intervalMs: 200, what: 'idle-1 to print its history'});
	await sleep(settleMs);
	const rssAfterHistory = rssBytes(pid);
	return {rssEmpty, rss1, rss10, rss100, rssAfterHistory, perIdleSession: (rss100 - rss1) / 99, historyLines};
}
