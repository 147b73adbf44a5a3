// Idle cost: CPU time used by the server and an attached client while 20 shells sit at their prompts.
import {cpuSeconds} from '../harness/processes.js';
import type {World} from '../subjects/subject.js';
import {shell, sleep, type MeasureOptions} from './options.js';

export type IdleCpuResult = {
	windowSeconds: number;
	serverSeconds: number;
	clientSeconds: number;
	/** Server and client together, scaled to a 10 s window. */
	per10Seconds: number;
	clientBytes: number;
};

export async function measureIdleCpu(world: World, options: MeasureOptions): Promise<IdleCpuResult> {
	const windowMs = options.quick ? 3000 : 10_000;
	const size = world.paneSize(options.outer);
	for (let index = 1; index <= 20; index++) {
		await world.createSession(`idle-${index}`, shell.command, shell.args, size);
	}

	const client = world.attach('idle-1', options.outer);
	try {
		await client.waitForScreen(() => client.shows('bash-'), {timeoutMs: 15_000, what: 'the prompt of idle-1 on the client'});
		// Settled: quiet for longer than the daemon takes to call a quiet shell idle (1.5 s), so the sidebar's last
		// state change is drawn before the window opens (a TUI that attaches fast would otherwise draw it inside).
		await client.waitForQuiet(2500, 30_000);
		const server = await world.serverPid();
		const serverBefore = cpuSeconds(server);
		const clientBefore = cpuSeconds(client.pid);
		const bytesBefore = client.bytes;
		await sleep(windowMs);
		const serverSeconds = cpuSeconds(server) - serverBefore;
		const clientSeconds = cpuSeconds(client.pid) - clientBefore;
		return {
			windowSeconds: windowMs / 1000,
			serverSeconds,
			clientSeconds,
			per10Seconds: (serverSeconds + clientSeconds) * (10_000 / windowMs),
			clientBytes: client.bytes - bytesBefore,
		};
	} finally {
		await client.close(world.detachKeys);
	}
}
