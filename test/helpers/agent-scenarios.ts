// Real Claude Code in a claude-tui session, driven through scenarios a person goes through (a plain answer, a
// permission dialog, a question menu, Esc, …), with what the screen shows (the truth, as a person reads it) and
// what the daemon says (the state clients hear) timed side by side. The test (test/e2e/agents-claude-code.test.ts)
// asserts the state sequences and the issue's lags with slack; the bench (bench/agents.ts) prints the table.
import xterm from '@xterm/headless';
import type {DaemonClient} from '../../source/client.js';
import type {AgentState, SessionInfo} from '../../source/protocol.js';
import {readScreen} from '../../source/state/detector.js';
import type {MessagesRequest, Reply, Script} from './mock-anthropic.js';

// ---------------------------------------------------------------------------------------------------------------
// What the mock model answers: decided by a keyword in the text the user typed last, so one mock serves every
// session at once and each reply follows from what was said.

export const claudeScript: Script = (request: MessagesRequest): Reply => {
	const typed = request.userTexts.at(-1) ?? '';
	const lastIsToolResult = request.toolResults.length > 0 && !/\S/.test(request.lastUserText.replaceAll(/\[Request interrupted[^\]]*\]/g, ''));
	if (request.tools.length === 0) {
		// A side request (a title, a summary): nothing a scenario looks at.
		return {blocks: [{type: 'text', text: 'Side answer.'}]};
	}

	if (lastIsToolResult) {
		return {blocks: [{type: 'text', text: `Done: ${request.toolResults[0]!.content.slice(0, 40)}`}]};
	}

	const word = /^\s*(\w+)/.exec(typed)?.[1] ?? '';
	switch (word) {
		case 'silence': {
			return {holdMs: 8000, blocks: [{type: 'text', text: 'After eight seconds of silence, the answer.'}]};
		}

		case 'bash': {
			return {blocks: [{type: 'text', text: 'Creating the file.'}, {type: 'tool_use', name: 'Bash', input: {command: 'touch made-by-bash.txt', description: 'Create a file'}}]};
		}

		case 'write': {
			const file = /write\s+(\S+)/.exec(typed)?.[1] ?? '/tmp/claude-tui-mock-write.txt';
			return {blocks: [{type: 'tool_use', name: 'Write', input: {file_path: file, content: 'written by the mock model\n'}}]};
		}

		case 'ask': {
			return {
				blocks: [{
					type: 'tool_use',
					name: 'AskUserQuestion',
					input: {questions: [{question: 'Which colour should the button be?', header: 'Colour', multiSelect: false, options: [{label: 'Red', description: 'A red button'}, {label: 'Blue', description: 'A blue button'}]}]},
				}],
			};
		}

		case 'prose': {
			return {blocks: [{type: 'text', text: 'I can do this two ways. Which one do you want: the quick fix or the full rewrite?'}]};
		}

		case 'long': {
			// Interrupted by Esc long before it ends.
			return {holdMs: 120_000, blocks: [{type: 'text', text: 'This answer never comes.'}]};
		}

		case 'think': {
			return {blocks: [{type: 'thinking', thinking: 'Weighing the options one by one. '.repeat(6)}, {type: 'text', text: 'Thought it through.'}]};
		}

		default: {
			return {blocks: [{type: 'text', text: `Plain answer to "${typed.slice(0, 40)}". `.repeat(2)}]};
		}
	}
};

// ---------------------------------------------------------------------------------------------------------------
// The truth: what Claude Code 2.1.x's screen shows, in words a person would use. Test-side only, exact for the
// pinned version; the product's rules are written to degrade gracefully, these are not.

export type Truth = 'busy' | 'waiting' | 'idle';

/** What an agent's screen shows, as a person reads it; undefined when it shows none of it. */
export type ScreenTruth = (text: string) => Truth | undefined;

export function claudeScreenTruth(text: string): Truth | undefined {
	if (/Do you want to (?:proceed|create|make|overwrite)|Enter to select · ↑\/↓ to navigate/.test(text)) {
		return 'waiting';
	}

	if (/esc to interrupt/.test(text)) {
		return 'busy';
	}

	if (/\? for shortcuts|^\s*⏸ manual mode on\s*$/m.test(text)) {
		return 'idle';
	}

	return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Watching one session: its screen mirrored from session.output, its state from session.updated, both timed.

export type Timed<T> = {t: number; value: T};

export class SessionWatch {
	readonly states: Array<Timed<AgentState>> = [];
	readonly truths: Array<Timed<Truth>> = [];
	readonly reasons: Array<Timed<string>> = [];
	private readonly screen: xterm.Terminal;
	private screenTruth: Truth | undefined;
	private parsed: Promise<void> = Promise.resolve();
	private closed = false;

	private constructor(readonly client: DaemonClient, readonly session: SessionInfo, private readonly screenTruthOf: ScreenTruth, cols: number, rows: number) {
		this.screen = new xterm.Terminal({cols, rows, allowProposedApi: true, logLevel: 'off'});
		this.states.push({t: Date.now(), value: session.state});
		client.on('notification', (method, params) => {
			if (this.closed) {
				return;
			}

			const info = (params as {session?: SessionInfo} | undefined)?.session;
			if ((method === 'session.updated' || method === 'session.exited') && info?.id === session.id && info.state !== this.state) {
				this.states.push({t: Date.now(), value: info.state});
				this.reasons.push({t: Date.now(), value: `${info.state} ${info.stateReason.signal}${info.stateReason.rule ? ` ${info.stateReason.rule}` : ''}`});
			}

			if (method === 'session.output' && (params as {session?: string}).session === session.id) {
				const data = String((params as {data?: unknown}).data ?? '');
				this.parsed = new Promise(resolve => {
					this.screen.write(data, () => {
						this.look();
						resolve();
					});
				});
			}
		});
	}

	/** Subscribes to events and attaches (every byte, no frames) to the session; `truth` reads its agent's screen. */
	static async start(client: DaemonClient, session: SessionInfo, truth: ScreenTruth = claudeScreenTruth): Promise<SessionWatch> {
		const watch = new SessionWatch(client, session, truth, session.cols, session.rows);
		await client.request('events.subscribe');
		const attached = await client.request('session.attach', {session: session.id, cols: session.cols, rows: session.rows, frames: false});
		watch.screen.write(attached.snapshot, () => {
			watch.look();
		});
		return watch;
	}

	get state(): AgentState {
		return this.states.at(-1)!.value;
	}

	get truth(): Truth | undefined {
		return this.truths.at(-1)?.value;
	}

	/** The mirrored screen as text. */
	text(): string {
		return readScreen(this.screen).rows.join('\n');
	}

	async settled(): Promise<void> {
		await this.parsed;
	}

	/** The truth changes now, whatever the screen shows yet (a key that starts or ends work). */
	mark(truth: Truth): void {
		if (this.truth !== truth) {
			this.truths.push({t: Date.now(), value: truth});
		}
	}

	close(): void {
		this.closed = true;
		this.screen.dispose();
	}

	// The screen's own changes move the truth; a screen that stays as it was does not undo a key's mark.
	private look(): void {
		const truth = this.screenTruthOf(this.text());
		if (truth !== undefined && truth !== this.screenTruth) {
			this.screenTruth = truth;
			this.mark(truth);
		}
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring a stretch of time: how much of it the state was right, and how long each change of the truth took to
// show.

export type StretchResult = {
	/** The states the daemon went through in the stretch, repeats collapsed, the one it started in first. */
	sequence: AgentState[];
	/** Share of the stretch the state equalled the truth, 0 to 1. */
	right: number;
	/** For each change of the truth: to what, and how long until the state said so (ms). */
	lags: Array<{truth: Truth; ms: number}>;
	/** Ms the state was idle while the truth was waiting. */
	idleWhileWaitingMs: number;
	durationMs: number;
};

const valueAt = <T>(timeline: Array<Timed<T>>, t: number): T | undefined => timeline.findLast(entry => entry.t <= t)?.value;

/**
The truth as a person reads it: Claude Code shows its idle footer for a moment between a tool's end and the next
answer; a glimpse of idle shorter than a second, with work on screen again after it, is still the turn.
*/
function personTruths(truths: Array<Timed<Truth>>): Array<Timed<Truth>> {
	const kept: Array<Timed<Truth>> = [];
	for (const [index, entry] of truths.entries()) {
		const next = truths[index + 1];
		if (entry.value === 'idle' && next && next.value !== 'idle' && next.t - entry.t < 1000) {
			continue;
		}

		if (kept.at(-1)?.value !== entry.value) {
			kept.push(entry);
		}
	}

	return kept;
}

export function measureStretch(watch: SessionWatch, from: number, to: number): StretchResult {
	const truths = personTruths(watch.truths);
	const points = [...new Set([from, to, ...watch.states.map(({t}) => t), ...truths.map(({t}) => t)])].filter(t => t >= from && t <= to).sort((a, b) => a - b);
	let rightMs = 0;
	let idleWhileWaitingMs = 0;
	for (const [index, start] of points.entries()) {
		const end = points[index + 1] ?? to;
		const state = valueAt(watch.states, start);
		const truth = valueAt(truths, start);
		if (state === truth) {
			rightMs += end - start;
		}

		if (state === 'idle' && truth === 'waiting') {
			idleWhileWaitingMs += end - start;
		}
	}

	const lags = truths.filter(({t}) => t >= from && t <= to).map(({t, value}) => {
		const reached = valueAt(watch.states, t) === value ? t : watch.states.find(entry => entry.t >= t && entry.value === value)?.t;
		return {truth: value, ms: (reached ?? to) - t};
	});
	const sequence: AgentState[] = [];
	for (const state of [valueAt(watch.states, from), ...watch.states.filter(({t}) => t > from && t <= to).map(({value}) => value)]) {
		if (state !== undefined && sequence.at(-1) !== state) {
			sequence.push(state);
		}
	}

	return {sequence, right: to > from ? rightMs / (to - from) : 1, lags, idleWhileWaitingMs, durationMs: to - from};
}

// ---------------------------------------------------------------------------------------------------------------
// The scenarios, driven as a person would: type, wait for the screen, answer.

export const scenarioNames = ['plain', 'silence', 'bash', 'write', 'ask', 'prose', 'esc', 'two-turns'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** The state sequences that are right (the real changes, nothing more), as patterns over the joined sequence. */
export const expectedSequences: Record<ScenarioName, RegExp> = {
	plain: /^idle busy idle$/,
	silence: /^idle busy idle$/,
	bash: /^idle busy waiting (?:busy )?idle$/,
	write: /^idle busy waiting (?:busy )?idle$/,
	ask: /^idle busy waiting (?:busy )?idle$/,
	prose: /^idle busy idle$/,
	esc: /^idle busy idle$/,
	'two-turns': /^idle busy idle busy idle$/,
};

export type ScenarioOutcome = StretchResult & {scenario: ScenarioName};

const pause = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** What differs between agents in driving the scenarios. */
export type DriverOptions = {
	/** The file the `write` scenario asks the model to write: one the agent asks permission for. */
	writeTarget: string;
	/** Steps before and after a scenario, outside its measured stretch (Codex asks questions only in Plan mode). */
	around?: Partial<Record<ScenarioName, {before?: (driver: AgentDriver) => Promise<void>; after?: (driver: AgentDriver) => Promise<void>}>>;
};

export class AgentDriver {
	constructor(private readonly client: DaemonClient, readonly watch: SessionWatch, private readonly options: DriverOptions) {}

	async input(data: string): Promise<void> {
		await this.client.request('session.input', {session: this.watch.session.id, data});
	}

	/**
	Types a prompt and sends it (Enter apart, as a person's typing is, not as a paste), once the screen shows it typed:
	agents drop keys that come while they are busy with the terminal (Codex just after a turn or /clear, Gemini CLI
	just after a resume, seen on a loaded machine), as a person would see and type again.
	*/
	async prompt(text: string): Promise<void> {
		for (let attempt = 0; ; attempt++) {
			await this.input(text);
			try {
				await this.until(`"${text}" to show`, () => this.watch.text().includes(text), 2000);
				break;
			} catch (error) {
				if (attempt === 4) {
					throw error;
				}

				// Ctrl+U: whatever part of it did arrive goes.
				await this.input('\u0015');
			}
		}

		// A moment between the last key and Enter, as a person's typing has (Gemini CLI just after a resume took an
		// Enter 150 ms after the text as part of it).
		await pause(500);
		this.watch.mark('busy');
		await this.input('\r');
	}

	async until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!check()) {
			if (Date.now() > deadline) {
				await this.watch.settled();
				throw new Error(`Timed out waiting for ${what}; state ${this.watch.state}, truth ${this.watch.truth}; the screen shows:\n${this.watch.text()}`);
			}

			await pause(20);
		}
	}

	/** Until the turn is over on screen and in the state, then a second more to catch any change that should not come. */
	async untilIdle(timeoutMs = 30_000): Promise<void> {
		await this.until('the turn to end', () => this.watch.truth === 'idle' && this.watch.state === 'idle', timeoutMs);
		await pause(1000);
	}

	async scenario(name: ScenarioName): Promise<ScenarioOutcome> {
		await this.until('the prompt', () => this.watch.truth === 'idle' && this.watch.state === 'idle');
		await this.options.around?.[name]?.before?.(this);
		await this.until('the prompt', () => this.watch.truth === 'idle' && this.watch.state === 'idle');
		const from = Date.now();
		switch (name) {
			case 'plain':
			case 'prose': {
				await this.prompt(name === 'plain' ? 'plain answer please' : 'prose question please');
				await this.untilIdle();
				break;
			}

			case 'silence': {
				await this.prompt('silence for eight seconds');
				await this.untilIdle(40_000);
				break;
			}

			case 'bash':
			case 'write':
			case 'ask': {
				await this.prompt(name === 'write' ? `write ${this.options.writeTarget}` : `${name} now`);
				await this.until('the dialog', () => this.watch.truth === 'waiting');
				// Long enough for an idle delay to run out while it shows, and for the tool bullet to blink.
				await pause(3000);
				this.watch.mark('busy');
				await this.input('1');
				await this.untilIdle();
				break;
			}

			case 'esc': {
				await this.prompt('long answer coming');
				await this.until('the spinner', () => this.watch.truth === 'busy' && this.watch.state === 'busy');
				await pause(1500);
				this.watch.mark('idle');
				await this.input('\u001B');
				await this.untilIdle(10_000);
				// Claude Code puts the interrupted prompt back in its input box: clear it for the next one.
				await this.input('\u0015');
				break;
			}

			case 'two-turns': {
				await this.prompt('plain turn one');
				await this.untilIdle();
				await this.prompt('plain turn two');
				await this.untilIdle();
				break;
			}
		}

		const outcome = {scenario: name, ...measureStretch(this.watch, from, Date.now())};
		await this.options.around?.[name]?.after?.(this);
		return outcome;
	}
}
