// Client memory: the resident set of the attached client (the claude-tui TUI, a tmux client) after it has shown
// each of 10 sessions, each with a screenful of output and 2,000 lines of history, twice over.
import {pollUntil} from '../harness/deadline.js';
import {rssBytes} from '../harness/processes.js';
import type {World} from '../subjects/subject.js';
import {historyInput, shell, sleep, type MeasureOptions} from './options.js';

export type ClientMemoryResult = {sessions: number; rss: number};

const sessions = 10;
// Zero-padded, so tmux (which goes through sessions by name) and claude-tui (by creation) take the same order.
const nameOf = (index: number) => `client-${String(index).padStart(2, '0')}`;

export async function measureClientMemory(world: World, options: MeasureOptions): Promise<ClientMemoryResult> {
	const size = world.paneSize(options.outer);
	for (let index = 1; index <= sessions; index++) {
		await world.createSession(nameOf(index), shell.command, shell.args, size);
		await world.type(nameOf(index), historyInput(2000, nameOf(index)));
	}

	for (let index = 1; index <= sessions; index++) {
		await pollUntil(async () => (await world.capture(nameOf(index))).includes(`${nameOf(index)}-done`), {timeoutMs: 60_000, intervalMs: 100, what: `${nameOf(index)} to print its history`});
	}

	const client = world.attach(nameOf(1), options.outer);
	try {
		await client.waitForScreen(() => client.shows(`${nameOf(1)}-done`), {timeoutMs: 15_000, what: `${nameOf(1)} on the client`});
		await client.waitForQuiet(300, 10_000);
		for (let step = 1; step <= 2 * sessions; step++) {
			const shown = `${nameOf((step % sessions) + 1)}-done`;
			client.write(world.nextSessionKeys);
			await client.waitForScreen(() => client.shows(shown), {timeoutMs: 10_000, what: `${shown} after the switch key`});
			await client.waitForQuiet(50, 10_000);
		}

		await sleep(options.quick ? 300 : 1000);
		return {sessions, rss: rssBytes(client.pid)};
	} finally {
		await client.close(world.detachKeys);
	}
}
