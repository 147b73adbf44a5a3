// Every wait in the bench has a deadline and fails loudly, naming what it waited for, instead of hanging.
import {setTimeout as delay} from 'node:timers/promises';

export class DeadlineError extends Error {
	override name = 'DeadlineError';
}

type Description = string | (() => string);

function describe(what: Description): string {
	return typeof what === 'function' ? what() : what;
}

/** `work`, or a DeadlineError once `timeoutMs` pass first. `what` is evaluated at timeout, so it can show state. */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: Description): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const expired = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new DeadlineError(`Timed out after ${timeoutMs} ms waiting for ${describe(what)}`));
		}, timeoutMs);
	});
	try {
		return await Promise.race([work, expired]);
	} finally {
		clearTimeout(timer);
	}
}

/** Calls `check` every `intervalMs` until it returns something truthy (returned) or the deadline passes (throws). */
export async function pollUntil<T>(
	check: () => T | Promise<T>,
	{timeoutMs, intervalMs = 20, what}: {timeoutMs: number; intervalMs?: number; what: Description},
): Promise<NonNullable<T>> {
	const deadline = performance.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value) {
				return value as NonNullable<T>;
			}
		} catch (error) {
			lastError = error;
		}

		if (performance.now() > deadline) {
			const because = lastError ? ` (last error: ${(lastError as Error).message})` : '';
			throw new DeadlineError(`Timed out after ${timeoutMs} ms waiting for ${describe(what)}${because}`);
		}

		await delay(intervalMs);
	}
}
