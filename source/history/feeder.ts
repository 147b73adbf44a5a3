// Writing to a headless terminal with backpressure: xterm.js parses on timers, and its write() throws past 50 MB
// pending, so a reader of recordings waits for room, and errors thrown in write callbacks are kept, not lost.
import type xterm from '@xterm/headless';

// Backpressure for the parser: xterm's write() throws past 50 MB pending; keep far below.
const highWaterChars = 1024 * 1024;

export class Feeder {
	queued = 0;
	failure: unknown;
	private waiters: Array<() => void> = [];

	constructor(private readonly terminal: xterm.Terminal) {}

	write(data: string, after?: () => void): void {
		this.queued += data.length;
		this.terminal.write(data, () => {
			this.queued -= data.length;
			// Callbacks run inside xterm's write loop: an exception there would be uncaught.
			if (after && this.failure === undefined) {
				try {
					after();
				} catch (error) {
					this.failure = error;
				}
			}

			if (this.waiters.length > 0) {
				const waiters = this.waiters;
				this.waiters = [];
				for (const wake of waiters) {
					wake();
				}
			}
		});
	}

	get full(): boolean {
		return this.queued > highWaterChars;
	}

	/** Resolves once xterm has parsed more (it parses in slices of about 12 ms per timer tick). */
	async progress(): Promise<void> {
		await new Promise<void>(resolve => {
			this.waiters.push(resolve);
		});
		this.throwFailure();
	}

	/** Waits while more than the high-water mark is queued. */
	async room(): Promise<void> {
		while (this.full) {
			// eslint-disable-next-line no-await-in-loop
			await this.progress();
		}

		this.throwFailure();
	}

	async settled(): Promise<void> {
		await new Promise<void>(resolve => {
			this.terminal.write('', resolve);
		});
		this.throwFailure();
	}

	throwFailure(): void {
		if (this.failure !== undefined) {
			throw this.failure;
		}
	}
}
