// Agent state for one session: combines screen rules, bell, window title, desktop notifications, progress
// reports, the program's status reports and hook reports into one of starting / busy / waiting / idle / exited.
// One piece (about 600 lines, over the ~500 of other files on purpose): the signals' precedence (hook, status, rule,
// bell, title, stillness) and both debounces (idle after stillness, a lone busy held) read one shared state.
import type xterm from '@xterm/headless';
import {
	type AgentProfile,
	type ProfileCatalog,
	type RuleMatch,
	type ScreenState,
	type ScreenView,
	evaluateScreen,
	matchTitle,
	notificationMeansIdle,
} from './rules.js';
import {type ProgramStatus, ProgramStatusReport} from './program-status.js';
import {readScreen} from './terminal-signals.js';
import {builtInCatalog, profileForCommand} from '../agents/registry.js';

// Where the agents' test helpers find it (test/helpers/agent-scenarios.ts).
export {readScreen} from './terminal-signals.js';

export type AgentState = 'starting' | 'busy' | 'waiting' | 'idle' | 'exited';

/** `kept`: nothing decides now; the state stays what the signal named in the detail said last. */
export type StateSignal = 'rule' | 'bell' | 'title' | 'notification' | 'progress' | 'status' | 'hook' | 'quiet' | 'kept' | 'exit';

export type StateExplanation = {
	state: AgentState;
	/** What decided it. */
	signal: StateSignal;
	/** The screen rule's id, when signal is `rule` (or the title/progress/output pseudo-rule). */
	rule?: string;
	/** Extra words: the question asked, the notification's text, the hook event, the exit code. */
	detail?: string;
	/** The profile whose rules applied (`claude`, `codex`, `gemini`, `aider`, `shell`, `generic`, or the user's). */
	agent: string;
	/** That profile's name, for people (`Claude Code`). */
	agentName: string;
	/** Whether the session's command chose that profile, or an agent's signature on screen did. */
	agentFrom: 'command' | 'screen';
	/** When this state began (detector clock, ms). */
	since: number;
};

export type ReportedState = 'busy' | 'waiting' | 'idle';

export type StateDetectorOptions = {
	/** The session's command (`claude`, `/bin/bash`): picks the rules. */
	command: string;
	/** Clock in ms; default Date.now. Tests pass a fake one. */
	now?: () => number;
	/** How long the screen must stay still before `idle` shows. Default 1500. */
	idleAfterMs?: number;
	/** How long a hook report outranks the screen. Default 10000. */
	hookHoldMs?: number;
	/**
	How long a full-screen program (on the alternate screen) that no rule knows must be still before it counts
	as idle, for profiles that otherwise keep the state (a shell running vim or less). Longer than the usual
	delay, so periodic redraws (watch, htop) stay busy instead of flickering. Default 5000.
	*/
	fullScreenIdleAfterMs?: number;
	/** How long after a resize a changing screen is taken for a redraw rather than work. Default 500. */
	redrawGraceMs?: number;
	/** The profiles in effect (the config file's and the built-in ones); default the built-in ones. */
	profiles?: ProfileCatalog;
	/** Rules for the session's own command; default chosen from `command` among `profiles`. */
	profile?: AgentProfile;
	/**
	The terminal's foreground process group now (see agents/process.ts): an agent recognised on screen stays
	recognised while the process that drew it is in the foreground. Without it (no /proc), until the session's own
	prompt shows again.
	*/
	foreground?: () => number | undefined;
	/**
	How long the screen must be still before idle shows when the agent plainly stopped: its idle rule and its window
	title agree, or the user just interrupted it (Esc, Ctrl+C). Default 300.
	*/
	settledIdleAfterMs?: number;
	/**
	How long the window title or the program's status must say busy, while nothing on screen does, before an idle
	agent the user sent nothing to counts as busy. Codex 0.169 says it works for 60-80 ms after it starts (spinner and
	status; a start-up check, no request to the model); on a loaded machine that can come after its prompt was read
	idle, and work shown and taken back at once is not a turn. A turn the user just sent shows at once (a short answer
	may never draw more than the spinner). Default 400.
	*/
	unpromptedBusyHoldMs?: number;
};

export type StateListener = (explanation: StateExplanation, previous: AgentState) => void;

/** How long after the user sent something (Enter) its turn is expected to start: a spinner or `working` then is that turn. */
const turnExpectedForMs = 5000;

type Candidate = {state: AgentState; signal: StateSignal; rule?: string; detail?: string; positive: boolean};

type Raised = {signal: 'bell' | 'notification'; detail?: string; observation: number};

export class StateDetector {
	private readonly now: () => number;
	private readonly idleAfterMs: number;
	private readonly hookHoldMs: number;
	private readonly baseProfile: AgentProfile;
	private readonly agents: readonly AgentProfile[];
	private readonly listeners = new Set<StateListener>();

	private current: StateExplanation;
	private profile: AgentProfile;
	private screenKey = '';
	private screenBlank = true;
	private lastChangeAt: number;
	private observations = 0;
	private changedInLastObservation = false;
	private screenMatch: RuleMatch | undefined;
	private title = '';
	private progress: ScreenState | undefined;
	private raised: Raised | undefined;
	private hook: {state: ReportedState; detail?: string; at: number} | undefined;
	private readonly redrawGraceMs: number;
	private redrawUntil = 0;
	private typedInto = false;
	private fullScreen = false;
	private readonly fullScreenIdleAfterMs: number;
	private readonly settledIdleAfterMs: number;
	private readonly unpromptedBusyHoldMs: number;
	/** Since when only the title or the status has said busy (see unpromptedBusyHoldMs); undefined while not. */
	private unpromptedBusySince: number | undefined;
	/** The program's last status report (OSC 7501). */
	private readonly status: ProgramStatusReport;
	/** When the user last sent something (Enter), and when the state last turned busy: a turn is expected between. */
	private submittedAt = Number.NEGATIVE_INFINITY;
	private busyAt = Number.NEGATIVE_INFINITY;
	private readonly foreground: (() => number | undefined) | undefined;
	/** An agent its signature found on screen, and the foreground process group that drew it. */
	private recognized: {profile: AgentProfile; group: number | undefined} | undefined;
	/** When the user last pressed Esc or Ctrl+C alone: an agent stops its turn for it, and no hook says so. */
	private interruptedAt = Number.NEGATIVE_INFINITY;

	constructor(options: StateDetectorOptions) {
		this.now = options.now ?? Date.now;
		this.idleAfterMs = options.idleAfterMs ?? 1500;
		this.hookHoldMs = options.hookHoldMs ?? 10_000;
		this.redrawGraceMs = options.redrawGraceMs ?? 500;
		this.fullScreenIdleAfterMs = options.fullScreenIdleAfterMs ?? 5000;
		this.settledIdleAfterMs = options.settledIdleAfterMs ?? 300;
		this.unpromptedBusyHoldMs = options.unpromptedBusyHoldMs ?? 400;
		this.foreground = options.foreground;
		this.status = new ProgramStatusReport();
		const profiles = options.profiles ?? builtInCatalog;
		this.baseProfile = options.profile ?? profileForCommand(options.command, profiles);
		this.agents = profiles.agents;
		this.profile = this.baseProfile;
		this.lastChangeAt = this.now();
		this.current = {state: 'starting', signal: 'rule', rule: 'start', ...this.agentFields(), since: this.lastChangeAt};
	}

	get state(): AgentState {
		return this.current.state;
	}

	get explanation(): StateExplanation {
		return {...this.current};
	}

	/** The profile whose rules applied at the last observation. */
	get agent(): string {
		return this.profile.id;
	}

	/**
	When `tick()` may next change the state (an idle delay or a hook hold running out), or undefined when
	nothing is pending: the daemon can arm one timer for it instead of ticking on an interval.
	*/
	get pendingUntil(): number | undefined {
		if (this.current.state === 'exited') {
			return undefined;
		}

		const deadlines: number[] = [];
		const now = this.now();
		if (this.hook && now - this.hook.at < this.hookHoldMs) {
			deadlines.push(this.hook.at + this.hookHoldMs);
		}

		if (this.unpromptedBusySince !== undefined && this.current.state !== 'busy') {
			deadlines.push(this.unpromptedBusySince + this.unpromptedBusyHoldMs);
		}

		if (this.current.state !== 'idle' && this.quietFor() < this.idleDelay()) {
			deadlines.push(this.lastChangeAt + this.idleDelay());
		} else if (this.current.state !== 'idle' && this.quietFor() < this.idleAfterMs) {
			deadlines.push(this.lastChangeAt + this.idleAfterMs);
		} else if (this.current.state !== 'idle' && this.fullScreenQuietCounts() && this.quietFor() < this.fullScreenIdleAfterMs) {
			deadlines.push(this.lastChangeAt + this.fullScreenIdleAfterMs);
		}

		return deadlines.length > 0 ? Math.min(...deadlines) : undefined;
	}

	onChange(listener: StateListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Call after output was parsed into the terminal (throttled is fine: the state follows the latest screen). */
	observe(terminal: xterm.Terminal): void {
		this.observeView(readScreen(terminal));
	}

	/** The same as observe, from a screen already read (tests, or a caller that reads the screen anyway). */
	observeView(view: ScreenView): void {
		if (this.current.state === 'exited') {
			return;
		}

		this.observations++;
		this.fullScreen = view.alternate === true;
		// The cursor is part of what changed: Enter at a shell prompt moves only the cursor.
		const text = view.rows.join('\n');
		const key = `${view.cursorX},${view.cursorY}\n${text}`;
		this.changedInLastObservation = key !== this.screenKey;
		if (this.changedInLastObservation) {
			this.screenKey = key;
			this.screenBlank = text.trim() === '';
			this.lastChangeAt = this.now();
			// A bell or notification stands until the screen changes after the output that carried it.
			if (this.raised && this.observations > this.raised.observation + 1) {
				this.raised = undefined;
			}
		}

		// The foreground process group, read (from /proc) at most once per look, by whichever of these needs it.
		let group: number | undefined | null = null;
		const foreground = () => (group === null ? (group = this.foreground?.()) : group);
		this.releaseEndedAgent(view, foreground);
		this.status.checkSender(foreground);
		const {profile, match} = evaluateScreen(this.baseProfile, view, this.agents, this.recognized?.profile);
		if (profile !== this.baseProfile && !this.recognized) {
			this.recognized = {profile, group: foreground()};
		}

		this.profile = profile;
		this.screenMatch = match;
		this.decide();
	}

	/** Re-evaluate time-based decisions (idle after stillness, hook holds running out). */
	tick(): void {
		if (this.current.state !== 'exited') {
			this.changedInLastObservation = false;
			this.decide();
		}
	}

	/** The child rang the bell (BEL). Takes effect at the next observe(), which sees the output that carried it. */
	onBell(): void {
		this.raise('bell');
	}

	/** The child set the window title (OSC 0/2). */
	onTitle(title: string): void {
		if (this.current.state === 'exited' || title === this.title) {
			return;
		}

		this.title = title;
		this.lastChangeAt = this.now();
		this.changedInLastObservation = true;
		this.decide();
	}

	/**
	The program reported its status (OSC 7501): what it says outranks its title, ends a hook report's hold (the
	newer word wins), and holds while the process that said it is in the foreground (a shell's prompt after it ends
	is the shell's again), or until it clears it.
	*/
	onProgramStatus(report: ProgramStatus): void {
		if (this.current.state === 'exited') {
			return;
		}

		if (!this.status.take(report)) {
			return;
		}

		if (this.status.state) {
			// The agent's newer word: a hook report held from before (busy, and then Esc, which no hook tells) gives way.
			this.hook = undefined;
		}

		this.lastChangeAt = this.now();
		this.changedInLastObservation = true;
		this.decide();
	}

	/** The child sent a desktop notification (OSC 9 text, OSC 777 notify, OSC 99). Takes effect at the next observe(). */
	onNotification(text: string): void {
		const detail = text.trim().slice(0, 200) || undefined;
		if (detail && notificationMeansIdle(this.profile, detail)) {
			return;
		}

		this.raise('notification', detail);
	}

	/** The child reported progress (OSC 9;4): 0 removed, 1 value, 2 error, 3 indeterminate, 4 paused. */
	onProgress(state: number): void {
		if (this.current.state === 'exited') {
			return;
		}

		this.progress = state === 1 || state === 3 ? 'busy' : state === 0 ? 'idle' : undefined;
		this.decide();
	}

	/**
	The user typed into the session: a bell, notification or reported `waiting` asking for attention has been
	answered, and the stillness clock starts again (the echo and the program's answer are on their way).
	Decided at the next observe() or tick().
	*/
	onInput(data = ''): void {
		if (this.current.state !== 'exited') {
			if (data === '\u001B' || data === '\u0003') {
				this.interruptedAt = this.now();
			}

			if (/[\r\n]/.test(data)) {
				this.submittedAt = this.now();
			}

			this.raised = undefined;
			if (this.hook?.state === 'waiting') {
				this.hook = undefined;
			}

			this.typedInto = true;
			this.lastChangeAt = this.now();
		}
	}

	/**
	The terminal was resized: the program redraws (and the terminal reflows) without doing any work, so for a
	moment a changing screen no longer means busy. Rules still apply.
	*/
	onResize(): void {
		if (this.current.state !== 'exited') {
			this.redrawUntil = this.now() + this.redrawGraceMs;
			this.lastChangeAt = this.now();
		}
	}

	/** An explicit state from the agent itself (Claude Code hooks via `claude-tui report`); outranks the screen for a while. */
	report(state: ReportedState, detail?: string): void {
		if (this.current.state === 'exited') {
			return;
		}

		this.hook = {state, detail, at: this.now()};
		this.raised = undefined;
		this.set({state, signal: 'hook', detail, positive: true});
	}

	/** The child exited: final. */
	exited(detail?: string): void {
		if (this.current.state !== 'exited') {
			this.set({state: 'exited', signal: 'exit', detail, positive: true});
		}
	}

	dispose(): void {
		this.listeners.clear();
	}

	private raise(signal: 'bell' | 'notification', detail?: string): void {
		if (this.current.state === 'exited') {
			return;
		}

		// Decided at the next observe(), with the screen that came with it: the bell arrives while its output
		// is being parsed, before the rules have seen that output.
		this.raised = {signal, detail, observation: this.observations};
	}

	/**
	Lets go of an agent recognised on screen once its process has left the foreground (the shell's prompt is back, or
	another program runs); without process information, once the session's own profile sees its idle prompt on the
	main screen and the agent's signature is gone.
	*/
	private releaseEndedAgent(view: ScreenView, foreground: () => number | undefined): void {
		if (!this.recognized) {
			return;
		}

		const {group} = this.recognized;
		const ended = group === undefined
			? view.alternate !== true && evaluateScreen(this.baseProfile, view, this.agents).profile === this.baseProfile && evaluateScreen(this.baseProfile, view, []).match?.state === 'idle'
			: foreground() !== group;
		if (ended) {
			this.recognized = undefined;
		}
	}

	/**
	How long the screen must be still before idle shows: short when the agent plainly stopped (its idle rule and its
	title agree, or the user interrupted it just now), else the usual delay.
	*/
	private idleDelay(): number {
		const title = this.title ? matchTitle(this.profile, this.title) : undefined;
		const status = this.status.state;
		const agreed = (this.screenMatch?.state === 'idle' && title === 'idle') || status === 'idle' || status === 'done' || status === 'error';
		const interrupted = this.now() - this.interruptedAt < this.idleAfterMs * 2 && this.screenMatch?.state === 'idle';
		return agreed || interrupted ? Math.min(this.settledIdleAfterMs, this.idleAfterMs) : this.idleAfterMs;
	}

	/** Whether a still alternate screen counts as idle where the profile would keep the state. */
	private fullScreenQuietCounts(): boolean {
		return this.fullScreen && this.profile.whenUnmatchedQuiet === 'keep' && !this.screenMatch;
	}

	private redrawing(): boolean {
		return this.now() < this.redrawUntil;
	}

	private quietFor(): number {
		return this.now() - this.lastChangeAt;
	}

	/** The strongest evidence right now, before debounce and hook holds. */
	private evidence(): Candidate | undefined {
		const screen = this.screenMatch;
		const status = this.status.state;
		// A program that reports its status is believed over its window title.
		const title = this.title && status === undefined ? matchTitle(this.profile, this.title) : undefined;
		const fromScreen = (match: RuleMatch): Candidate => ({state: match.state, signal: 'rule', rule: match.rule, detail: match.detail, positive: true});
		const fromTitle = (state: ScreenState): Candidate => ({state, signal: 'title', rule: `${this.profile.id}.title`, detail: this.title, positive: true});
		const fromStatus = (state: ScreenState): Candidate => ({state, signal: 'status', rule: 'osc.status', detail: this.status.detail, positive: true});

		if (screen?.state === 'waiting') {
			return fromScreen(screen);
		}

		if (status !== undefined) {
			// The program's own word, over what its screen still shows (a working line a moment after it stopped) and
			// any bell; where the screen agrees, its rule says more (the spinner's verb).
			const said = status === 'blocked' ? 'waiting' : status === 'working' ? 'busy' : 'idle';
			return screen?.state === said ? fromScreen(screen) : fromStatus(said);
		}

		if (title === 'waiting') {
			return fromTitle(title);
		}

		if (this.raised && this.observations > this.raised.observation) {
			// A bell or notification on a screen that plainly shows the agent at its prompt is a "done" ping
			// (Claude's idle reminder, a shell's completion bell): it does not ask for anything.
			if (screen?.state === 'idle') {
				this.raised = undefined;
			} else {
				return {state: 'waiting', signal: this.raised.signal, detail: this.raised.detail, positive: true};
			}
		}

		if (screen?.state === 'busy') {
			return fromScreen(screen);
		}

		if (title === 'busy') {
			return fromTitle(title);
		}

		if (this.progress === 'busy') {
			return {state: 'busy', signal: 'progress', rule: 'osc.progress', positive: true};
		}

		if (screen?.state === 'idle') {
			return fromScreen(screen);
		}

		if (title === 'idle') {
			return fromTitle(title);
		}

		if (this.progress === 'idle') {
			return {state: 'idle', signal: 'progress', rule: 'osc.progress', positive: true};
		}

		return undefined;
	}

	private decide(): void {
		if (this.current.state === 'exited') {
			return;
		}

		let candidate = this.evidence();
		const state = this.current.state;

		// A hook report holds for a while: only a question on screen outranks it, and once that question is gone
		// (answered) the reported state shows again.
		// Esc or Ctrl+C ends a reported busy as soon as the screen shows the agent stopped: no hook fires on an interrupt.
		if (this.hook?.state === 'busy' && this.interruptedAt > this.hook.at && candidate?.state === 'idle' && candidate.signal === 'rule') {
			this.hook = undefined;
		}

		const {hook} = this;
		if (hook && this.now() - hook.at < this.hookHoldMs) {
			if (candidate?.state === 'waiting') {
				this.set(candidate);
			} else if (state !== hook.state && candidate !== undefined) {
				// Only on positive evidence: a frame caught half drawn matches nothing and changes nothing.
				this.set({state: hook.state, signal: 'hook', detail: hook.detail, positive: true});
			}

			return;
		}

		if (this.heldUnpromptedBusy(candidate)) {
			return;
		}

		if (!candidate) {
			if (this.changedInLastObservation && this.profile.whenUnmatchedChanging === 'busy' && !this.redrawing()) {
				// Typing proves the program is up: a command typed into a shell that has not yet been still is work.
				if (state !== 'starting' || this.profile.startingEndsOn === 'output' || this.typedInto) {
					candidate = {state: 'busy', signal: 'rule', rule: `${this.profile.id}.output`, positive: false};
				}
			} else if (!this.screenBlank && (this.profile.whenUnmatchedQuiet === 'idle' || state === 'starting')) {
				candidate = {state: 'idle', signal: 'quiet', positive: false};
			} else if (!this.screenBlank && this.fullScreenQuietCounts() && this.quietFor() >= this.fullScreenIdleAfterMs) {
				// A full-screen program left still (vim, less, man) waits for keys: idle, not a quiet command.
				candidate = {state: 'idle', signal: 'quiet', rule: 'fullscreen.still', positive: false};
			}
		}

		if (!candidate) {
			// Nothing decides now: say so, naming what decided last, rather than a rule that no longer matches.
			if (this.current.signal !== 'kept' && this.current.signal !== 'hook') {
				const last = [this.current.signal, this.current.rule].filter(Boolean).join(' ');
				this.current = {...this.current, signal: 'kept', detail: `nothing on screen changes it; last decided by ${last}`, ...this.agentFields()};
				delete this.current.rule;
			}

			return;
		}

		if (candidate.state === 'idle' && state !== 'idle' && this.quietFor() < this.idleDelay()) {
			// Idle only once the screen has been still: no idle flicker between the frames of a redraw.
			return;
		}

		if (candidate.state === state) {
			// Same state: what decides it now explains it; when it began stays.
			this.current = {state, signal: candidate.signal, ...this.agentFields(), since: this.current.since};
			if (candidate.rule !== undefined) {
				this.current.rule = candidate.rule;
			}

			if (candidate.detail !== undefined) {
				this.current.detail = candidate.detail;
			}

			return;
		}

		this.set(candidate);
	}

	/**
	Whether a busy that only the window title or the program's status shows waits to be sure (see
	unpromptedBusyHoldMs): it must go on for a while, unless the screen says busy too, the user just sent a turn, or
	the agent was not idle (an answered question).
	*/
	private heldUnpromptedBusy(candidate: Candidate | undefined): boolean {
		const idle = this.current.state === 'idle' || this.current.state === 'starting';
		const turnSent = this.busyAt < this.submittedAt && this.now() - this.submittedAt < turnExpectedForMs;
		const lone = candidate?.signal === 'title' || candidate?.signal === 'status';
		if (candidate?.state !== 'busy' || !lone || !idle || turnSent) {
			this.unpromptedBusySince = undefined;
			return false;
		}

		this.unpromptedBusySince ??= this.now();
		return this.now() - this.unpromptedBusySince < this.unpromptedBusyHoldMs;
	}

	/** Whose rules apply now, as an explanation names them. */
	private agentFields(): Pick<StateExplanation, 'agent' | 'agentName' | 'agentFrom'> {
		return {agent: this.profile.id, agentName: this.profile.name, agentFrom: this.profile === this.baseProfile ? 'command' : 'screen'};
	}

	private set(candidate: Candidate): void {
		const previous = this.current.state;
		const {state} = candidate;
		const since = state === previous ? this.current.since : this.now();
		this.current = {state, signal: candidate.signal, ...this.agentFields(), since};
		if (candidate.rule !== undefined) {
			this.current.rule = candidate.rule;
		}

		if (candidate.detail !== undefined) {
			this.current.detail = candidate.detail;
		}

		if (state !== previous) {
			if (state === 'busy') {
				this.busyAt = this.now();
			}

			const explanation = this.explanation;
			for (const listener of [...this.listeners]) {
				listener(explanation, previous);
			}
		}
	}
}
