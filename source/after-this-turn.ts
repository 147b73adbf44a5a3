// Deferring work to the end of the current turn of the event loop: after the code running now (a batch of parsed
// chunks, a read holding several messages) is done, and before the next I/O, so nothing waits for a timer.

/** Runs `work` once the code now running is done (a microtask); returns what cancels it. */
export function afterThisTurn(work: () => void): () => void {
	let cancelled = false;
	queueMicrotask(() => {
		if (!cancelled) {
			work();
		}
	});
	return () => {
		cancelled = true;
	};
}
