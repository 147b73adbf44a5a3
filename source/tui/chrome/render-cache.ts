// Rendering chrome through Ink costs 1-3 ms a time (measured: the sidebar 1.9 ms, the status bar 0.9 ms), and on a
// switch it sits on the user's clock. Chrome is a pure function of its props, so the last few renders are kept by
// a key of what they show: switching back and forth between sessions renders nothing new.

export class RenderCache {
	private readonly entries = new Map<string, string[]>();

	constructor(private readonly capacity = 32) {}

	get(key: string, render: () => string[]): string[] {
		const cached = this.entries.get(key);
		if (cached !== undefined) {
			// Most recently used last, so the oldest is the first to go.
			this.entries.delete(key);
			this.entries.set(key, cached);
			return cached;
		}

		const lines = render();
		this.entries.set(key, lines);
		if (this.entries.size > this.capacity) {
			this.entries.delete(this.entries.keys().next().value!);
		}

		return lines;
	}

	clear(): void {
		this.entries.clear();
	}
}
