// Control round trip: one cheap request and its answer over a persistent connection, while idle and while
// another (unattached) session floods.
import {summarize, type Summary} from '../harness/stats.js';
import type {World} from '../subjects/subject.js';
import {sleep, type MeasureOptions} from './options.js';

export type PingResult = {idle: Summary; flood: Summary; how: string};

export async function measurePing(world: World, options: MeasureOptions): Promise<PingResult> {
	const count = options.quick ? 300 : 1000;
	const control = await world.openControl();
	const timeRoundTrips = async (): Promise<number[]> => {
		const samples: number[] = [];
		for (let index = 0; index < count; index++) {
			const started = performance.now();
			await control.roundTrip();
			samples.push(performance.now() - started);
		}

		return samples;
	};

	try {
		// Warm up both ends' code paths first.
		for (let index = 0; index < 50; index++) {
			await control.roundTrip();
		}

		const idle = await timeRoundTrips();
		const {floodFile} = options.fixtures;
		await world.createSession('flood', 'sh', ['-c', `while :; do cat '${floodFile}'; done`], world.paneSize(options.outer));
		await sleep(500);
		let flood: number[];
		try {
			flood = await timeRoundTrips();
		} finally {
			await world.removeSession('flood');
		}

		return {idle: summarize(idle), flood: summarize(flood), how: control.roundTripDescription};
	} finally {
		control.close();
	}
}
