// Switch: two sessions, one of which printed 100,000 lines while not shown. Time from the switch key to the
// other session's screen fully painted (its marker visible, the previous session's gone).
import {pollUntil} from '../harness/deadline.js';
import {summarize, type Summary} from '../harness/stats.js';
import type {World} from '../subjects/subject.js';
import {historyInput, markerInput, shell, type MeasureOptions} from './options.js';

export type SwitchResult = {
	historyLines: number;
	summary: Summary;
	/** Switches to the session with the long history, and back to the one without. */
	toHistory: Summary;
	toPlain: Summary;
	samples: number[];
};

export async function measureSwitch(world: World, options: MeasureOptions): Promise<SwitchResult> {
	const switches = options.quick ? 20 : 50;
	const historyLines = 100_000;
	const size = world.paneSize(options.outer);
	const sessions = [
		{name: 'alpha', marker: 'alpha-screen', input: markerInput('alpha-screen')},
		{name: 'beta', marker: 'beta-screen', input: historyInput(historyLines, 'beta-screen')},
	];
	for (const session of sessions) {
		await world.createSession(session.name, shell.command, shell.args, size);
		await world.type(session.name, session.input);
	}

	for (const session of sessions) {
		await pollUntil(async () => (await world.capture(session.name)).includes(`${session.marker}-done`), {
			timeoutMs: 120_000,
			intervalMs: 200,
			what: `session ${session.name} to print ${session.marker}-done`,
		});
	}

	const client = world.attach('alpha', options.outer);
	try {
		const showing = (index: number) => () => client.shows(`${sessions[index]!.marker}-done`) && !client.shows(`${sessions[1 - index]!.marker}-done`);
		await client.waitForScreen(showing(0), {timeoutMs: 15_000, what: 'session alpha on the client'});
		await client.waitForQuiet(300, 10_000);
		const samples: number[] = [];
		for (let index = 0; index < switches; index++) {
			const target = (index + 1) % 2;
			const pressed = client.write(world.nextSessionKeys);
			const painted = await client.waitForScreen(showing(target), {timeoutMs: 10_000, what: `session ${sessions[target]!.name} after the switch key`});
			samples.push(painted - pressed);
			await client.waitForQuiet(50, 10_000);
		}

		return {
			historyLines,
			summary: summarize(samples),
			toHistory: summarize(samples.filter((_sample, index) => index % 2 === 0)),
			toPlain: summarize(samples.filter((_sample, index) => index % 2 === 1)),
			samples,
		};
	} finally {
		await client.close(world.detachKeys);
	}
}
