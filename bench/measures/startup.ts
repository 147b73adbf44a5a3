// Start-up: what a person waits for before a command answers. `ls` (claude-tui ls, tmux ls) with 10 sessions, run
// to its exit; and the client's first frame, from spawning `claude-tui attach` / `tmux attach` in a fresh outer
// terminal to the session's screen on it. Node's own start (`node -e 0`) is measured beside them: it is the floor
// under every claude-tui command and no code of ours runs before it ends.
import {execFile} from 'node:child_process';
import {pollUntil} from '../harness/deadline.js';
import {summarize, type Summary} from '../harness/stats.js';
import type {World} from '../subjects/subject.js';
import {markerInput, shell, type MeasureOptions} from './options.js';

export type StartupResult = {
	sessions: number;
	list: Summary;
	firstFrame: Summary;
	/** `node -e 0` in the same environment: claude-tui only. */
	nodeStart?: Summary;
};

const sessions = 10;
const nameOf = (index: number) => `start-${String(index).padStart(2, '0')}`;

async function timeRun(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
	const started = performance.now();
	await new Promise<void>((resolve, reject) => {
		execFile(command, args, {env}, (error, stdout) => {
			if (error) {
				reject(error);
			} else if (stdout.length === 0) {
				reject(new Error(`${command} ${args.join(' ')} printed nothing`));
			} else {
				resolve();
			}
		});
	});
	return performance.now() - started;
}

async function timeRuns(count: number, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Summary> {
	// One untimed run first: the files it reads are then in the page cache for both subjects alike.
	await timeRun(command, args, env);
	const samples: number[] = [];
	for (let index = 0; index < count; index++) {
		samples.push(await timeRun(command, args, env));
	}

	return summarize(samples);
}

export async function measureStartup(world: World, options: MeasureOptions): Promise<StartupResult> {
	const runs = options.quick ? 10 : 30;
	const size = world.paneSize(options.outer);
	for (let index = 1; index <= sessions; index++) {
		await world.createSession(nameOf(index), shell.command, shell.args, size);
		await world.type(nameOf(index), markerInput(nameOf(index)));
	}

	const marker = `${nameOf(1)}-done`;
	await pollUntil(async () => (await world.capture(nameOf(1))).includes(marker), {timeoutMs: 30_000, intervalMs: 100, what: `${nameOf(1)} to print its marker`});
	const lister = world.listCommand();
	const list = await timeRuns(runs, lister.command, lister.args, lister.env);
	const nodeStart = world.subject === 'claude-tui' ? await timeRuns(runs, process.execPath, ['-e', 'console.log(0)'], lister.env) : undefined;

	const frames: number[] = [];
	for (let index = 0; index < runs; index++) {
		const started = performance.now();
		const client = world.attach(nameOf(1), options.outer);
		try {
			const painted = await client.waitForScreen(() => client.shows(marker), {timeoutMs: 15_000, what: `${nameOf(1)} on a fresh client`});
			frames.push(painted - started);
			await client.waitForQuiet(100, 10_000);
		} finally {
			await client.close(world.detachKeys);
		}
	}

	return {sessions, list, firstFrame: summarize(frames), ...(nodeStart && {nodeStart})};
}
