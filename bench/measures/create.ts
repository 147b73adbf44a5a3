// Session create: from the request that creates a session (running an interactive shell) to the first byte of its
// output reaching a client, over a persistent control connection.
import {summarize, type Summary} from '../harness/stats.js';
import type {World} from '../subjects/subject.js';
import {shell, sleep, type MeasureOptions} from './options.js';

export type CreateResult = {summary: Summary; samples: number[]; how: string};

export async function measureCreate(world: World, options: MeasureOptions): Promise<CreateResult> {
	const count = options.quick ? 30 : 100;
	const control = await world.openControl();
	try {
		const samples: number[] = [];
		for (let index = 0; index < count; index++) {
			const name = `new-${index}`;
			samples.push(await control.createUntilOutput(name, shell.command, shell.args, {cols: 80, rows: 24}));
			// Removed again, so every create meets the same server.
			await control.removeSession(name);
			await sleep(20);
		}

		const how = world.subject === 'tmux'
			? '`new-session` sent by a control-mode client, until its first %output'
			: 'session.create and session.attach on one socket, until the first session.output';
		return {summary: summarize(samples), samples, how};
	} finally {
		control.close();
	}
}
