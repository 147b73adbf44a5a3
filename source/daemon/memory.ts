// Giving memory back after sessions go. A session's terminal holds its scrollback in typed arrays outside V8's heap
// (500 sessions of 3,000 lines: 1.7 GB resident); once removed, V8 frees them only at its next full collection, which
// an idle daemon may not run for a long time, and glibc keeps what was freed for itself. Measured: 1.7 GB stayed
// resident after removing 500 such sessions; a collection, then malloc_trim a few seconds later, brought it to 86 MB.
import process from 'node:process';
import v8 from 'node:v8';
import vm from 'node:vm';
import {trimMemory} from '../native.js';

// After the last removal of a burst (rm of many sessions at once): collect, then wait for V8's sweeper to hand the
// freed buffers back to malloc before trimming.
const collectAfterMs = 2000;
const trimAfterMs = 3000;

let collect: (() => void) | undefined;

function collector(): (() => void) | undefined {
	if (collect === undefined) {
		const exposed = (globalThis as {gc?: () => void}).gc;
		if (typeof exposed === 'function') {
			collect = exposed;
		} else {
			try {
				// The one way to ask for a full collection without starting Node with --expose-gc.
				v8.setFlagsFromString('--expose-gc');
				collect = vm.runInNewContext('gc') as () => void;
			} catch {
				collect = () => {};
			}
		}
	}

	return collect;
}

export class MemoryReleaser {
	private collectTimer: NodeJS.Timeout | undefined;
	private trimTimer: NodeJS.Timeout | undefined;

	/** Something big went away (a session): release memory once the burst is over. */
	released(): void {
		clearTimeout(this.collectTimer);
		clearTimeout(this.trimTimer);
		this.collectTimer = setTimeout(() => {
			collector()?.();
			this.trimTimer = setTimeout(() => {
				if (process.platform === 'linux') {
					trimMemory();
				}
			}, trimAfterMs).unref();
		}, collectAfterMs).unref();
	}

	dispose(): void {
		clearTimeout(this.collectTimer);
		clearTimeout(this.trimTimer);
	}
}
