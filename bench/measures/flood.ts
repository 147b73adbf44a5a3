// Flood: `cat` of a large file in an attached session, typed at the prompt as a person would. Times to the
// child's exit and to the client painting the final screen; bytes the client wrote to the outer terminal.
import fs from 'node:fs';
import path from 'node:path';
import {pollUntil} from '../harness/deadline.js';
import {cpuSeconds} from '../harness/processes.js';
import {median} from '../harness/stats.js';
import type {World} from '../subjects/subject.js';
import {shell, type MeasureOptions} from './options.js';

// CPU time is reported beside wall time because it hardly depends on what else the machine is doing.
export type FloodRun = {childExitMs: number; paintedMs: number; clientBytes: number; serverCpuSeconds: number; clientCpuSeconds: number};

export type FloodResult = {
	fileBytes: number;
	runs: FloodRun[];
	childExitMs: number;
	paintedMs: number;
	clientBytes: number;
	/** Server and client together. */
	cpuSeconds: number;
};

export async function measureFlood(world: World, options: MeasureOptions): Promise<FloodResult> {
	const repetitions = options.quick ? 1 : 3;
	const {floodFile, floodScript, floodBytes} = options.fixtures;
	await world.createSession('flood', shell.command, shell.args, world.paneSize(options.outer));
	const client = world.attach('flood', options.outer);
	const server = await world.serverPid();
	try {
		await client.waitForScreen(() => client.shows('bash-'), {timeoutMs: 15_000, what: 'the shell prompt'});
		await client.waitForQuiet(300, 10_000);
		const runs: FloodRun[] = [];
		for (let run = 0; run < repetitions; run++) {
			const token = `run${run}x${process.pid}`;
			const doneFile = path.join(options.directory, `flood-done-${run}`);
			// Relative paths (the session starts in options.directory) keep the command on one line.
			const relative = (file: string) => path.relative(options.directory, file);
			client.write(`clear; sh ${relative(floodScript)} ${relative(floodFile)} ${relative(doneFile)} ${token}`);
			await client.waitForScreen(() => client.shows(token), {timeoutMs: 10_000, what: 'the typed command line'});
			await client.waitForQuiet(200, 10_000);
			const bytesBefore = client.bytes;
			const serverCpuBefore = cpuSeconds(server);
			const clientCpuBefore = cpuSeconds(client.pid);
			const started = client.write('\r');
			const childExited = pollUntil(() => (fs.existsSync(doneFile) ? performance.now() : undefined), {
				timeoutMs: 600_000,
				intervalMs: 5,
				what: `cat of ${floodBytes} bytes to finish`,
			});
			const painted = client.waitForScreen(() => client.shows(`END-${token}`), {
				timeoutMs: 600_000,
				minIntervalMs: 10,
				what: `the end marker END-${token} on the client's screen`,
			});
			const [exitedAt, paintedAt] = await Promise.all([childExited, painted]);
			await client.waitForQuiet(500, 60_000);
			runs.push({
				childExitMs: exitedAt - started,
				paintedMs: paintedAt - started,
				clientBytes: client.bytes - bytesBefore,
				serverCpuSeconds: cpuSeconds(server) - serverCpuBefore,
				clientCpuSeconds: cpuSeconds(client.pid) - clientCpuBefore,
			});
			options.log(`${world.subject} flood ${run + 1}/${repetitions}: child exit ${Math.round(exitedAt - started)} ms, painted ${Math.round(paintedAt - started)} ms`);
		}

		return {
			fileBytes: floodBytes,
			runs,
			childExitMs: median(runs.map(run => run.childExitMs)),
			paintedMs: median(runs.map(run => run.paintedMs)),
			clientBytes: median(runs.map(run => run.clientBytes)),
			cpuSeconds: median(runs.map(run => run.serverCpuSeconds + run.clientCpuSeconds)),
		};
	} finally {
		await client.close(world.detachKeys);
	}
}
