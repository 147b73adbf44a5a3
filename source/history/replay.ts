// Playing a recording back in real time (scaled by speed, idle gaps capped), as `asciinema play` does.
import {parseSize, type RecordingProblem} from './asciicast.js';
import {readRecording} from './cast-reader.js';

export type Clock = {
	/** Milliseconds, monotonic. */
	now(): number;
	/** Resolves after `ms` (early, without rejecting, when the signal aborts). */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export type ReplayOptions = {
	/** Playback speed factor; 2 plays twice as fast. Default 1. */
	speed?: number;
	/**
	Longest pause, in recorded seconds, between two events (before scaling by speed). Default: the first file's
	header idle_time_limit, else no limit.
	*/
	idleLimit?: number;
	write: (data: string) => void;
	/** Called for resize ("r") events; a player cannot resize the user's terminal but can say so. */
	resize?: (cols: number, rows: number) => void;
	/** Marker ("m") events. */
	marker?: (label: string) => void;
	signal?: AbortSignal;
	/** Injectable time source (tests use a fake one). */
	clock?: Clock;
	onProblem?: (problem: RecordingProblem) => void;
};

export type ReplayResult = {
	events: number;
	/** Playback time in seconds, after idle limit and speed. */
	duration: number;
	aborted: boolean;
};

export const realClock: Clock = {
	now: () => performance.now(),
	async sleep(ms, signal) {
		if (signal?.aborted || ms <= 0) {
			return;
		}

		await new Promise<void>(resolve => {
			const done = () => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				resolve();
			};

			const timer = setTimeout(done, ms);
			signal?.addEventListener('abort', done, {once: true});
		});
	},
};

/**
Plays the recording's files (oldest generation first) through `write`. Waits are scheduled against the start
of playback, not chained, so time spent writing does not accumulate as drift. Input ("i") events are not played.
Resolves when done or aborted (never rejects on abort).
*/
export async function replay(castFiles: string | readonly string[], options: ReplayOptions): Promise<ReplayResult> {
	const files = typeof castFiles === 'string' ? [castFiles] : castFiles;
	const speed = options.speed ?? 1;
	if (!(speed > 0) || !Number.isFinite(speed)) {
		throw new RangeError(`speed must be a positive number, not ${speed}`);
	}

	const clock = options.clock ?? realClock;
	const {signal} = options;
	const started = clock.now();
	let idleLimit = options.idleLimit;
	let previousAt: number | undefined;
	// Playback position in ms since start.
	let position = 0;
	let events = 0;
	const result = (aborted: boolean): ReplayResult => ({events, duration: Math.round(position) / 1000, aborted});
	try {
		for await (const chunk of readRecording(files, {onProblem: options.onProblem})) {
			if (signal?.aborted) {
				return result(true);
			}

			if (chunk.kind === 'start') {
				idleLimit ??= chunk.header.idle_time_limit;
				// The first event is due at its time from the start of the first file.
				previousAt ??= chunk.header.timestamp ?? 0;
				continue;
			}

			for (const event of chunk.events) {
				if (event.type === 'i') {
					continue;
				}

				const gap = Math.min(Math.max(0, event.at - previousAt!), idleLimit ?? Number.POSITIVE_INFINITY);
				previousAt = event.at;
				position += (gap * 1000) / speed;
				const wait = started + position - clock.now();
				if (wait >= 1) {
					// eslint-disable-next-line no-await-in-loop
					await clock.sleep(wait, signal);
				}

				if (signal?.aborted) {
					return result(true);
				}

				events++;
				if (event.type === 'o') {
					options.write(event.data);
				} else if (event.type === 'r') {
					const size = parseSize(event.data);
					if (size) {
						options.resize?.(size.cols, size.rows);
					}
				} else if (event.type === 'm') {
					options.marker?.(event.data);
				}
			}
		}
	} catch (error) {
		if (signal?.aborted) {
			return result(true);
		}

		throw error;
	}

	return result(false);
}
