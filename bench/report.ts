// Turns the measurements into rows with targets (issue 4), a markdown table and a JSON document.
import type {ClientMemoryResult} from './measures/client-memory.js';
import type {CreateResult} from './measures/create.js';
import type {FloodResult} from './measures/flood.js';
import type {IdleCpuResult} from './measures/idle-cpu.js';
import type {KeystrokeResult} from './measures/keystroke.js';
import type {MemoryResult} from './measures/memory.js';
import type {PingResult} from './measures/ping.js';
import type {StartupResult} from './measures/startup.js';
import type {SwitchResult} from './measures/switch.js';
import type {SubjectName} from './subjects/subject.js';

export type Outcome<T> = {ok: true; value: T} | {ok: false; error: string} | {ok: false; absent: true};

export type Results = {
	keystroke?: Partial<Record<SubjectName, Outcome<KeystrokeResult>>>;
	sshKeystroke?: Partial<Record<SubjectName, Outcome<KeystrokeResult>>>;
	flood?: Partial<Record<SubjectName, Outcome<FloodResult>>>;
	switch?: Partial<Record<SubjectName, Outcome<SwitchResult>>>;
	memory?: Partial<Record<SubjectName, Outcome<MemoryResult>>>;
	clientMemory?: Partial<Record<SubjectName, Outcome<ClientMemoryResult>>>;
	create?: Partial<Record<SubjectName, Outcome<CreateResult>>>;
	ping?: Partial<Record<SubjectName, Outcome<PingResult>>>;
	idleCpu?: Partial<Record<SubjectName, Outcome<IdleCpuResult>>>;
	startup?: Partial<Record<SubjectName, Outcome<StartupResult>>>;
};

type Cell = number | 'error' | 'absent' | undefined;
type Verdict = 'pass' | 'miss' | 'n/a' | '';

export type Row = {
	id: string;
	label: string;
	unit: 'ms' | 's' | 'MB' | 'CPU s';
	claudeTui: Cell;
	tmux: Cell;
	ratio: number | undefined;
	target: string;
	result: Verdict;
};

type RowSpec<T> = {
	id: string;
	label: string;
	unit: Row['unit'];
	pick: (value: T) => number;
	target?: string;
	// Whether claude-tui's figure meets the target; `ratio` is undefined when tmux gave no figure.
	meets?: (claudeTui: number, ratio: number | undefined) => boolean | undefined;
};

const megabyte = 1024 * 1024;

function rowsOf<T>(outcomes: Partial<Record<SubjectName, Outcome<T>>> | undefined, specs: Array<RowSpec<T>>): Row[] {
	if (!outcomes) {
		return [];
	}

	const cell = (outcome: Outcome<T> | undefined, pick: (value: T) => number): Cell => {
		if (!outcome) {
			return undefined;
		}

		if (outcome.ok) {
			// NaN: a figure this subject has no counterpart for.
			const value = pick(outcome.value);
			return Number.isNaN(value) ? undefined : value;
		}

		return 'absent' in outcome ? 'absent' : 'error';
	};

	return specs.map(spec => {
		const claudeTui = cell(outcomes['claude-tui'], spec.pick);
		const tmux = cell(outcomes.tmux, spec.pick);
		const ratio = typeof claudeTui === 'number' && typeof tmux === 'number' && tmux !== 0 ? claudeTui / tmux : undefined;
		let result: Verdict = '';
		if (spec.meets) {
			const met = typeof claudeTui === 'number' ? spec.meets(claudeTui, ratio) : undefined;
			result = met === undefined ? 'n/a' : (met ? 'pass' : 'miss');
		}

		return {id: spec.id, label: spec.label, unit: spec.unit, claudeTui, tmux, ratio, target: spec.target ?? '', result};
	});
}

/** Needs the ratio: undefined (n/a) without a tmux figure. */
function withinRatio(limit: number, ratio: number | undefined): boolean | undefined {
	return ratio === undefined ? undefined : ratio <= limit;
}

export function buildRows(results: Results): Row[] {
	return [
		...rowsOf(results.keystroke, [
			{id: 'keystroke.p50', label: 'Keystroke echo p50', unit: 'ms', pick: value => value.summary.p50, target: '≤ 2× tmux', meets: (_value, ratio) => withinRatio(2, ratio)},
			{id: 'keystroke.p99', label: 'Keystroke echo p99', unit: 'ms', pick: value => value.summary.p99, target: '≤ 2.5× tmux', meets: (_value, ratio) => withinRatio(2.5, ratio)},
		]),
		...rowsOf(results.sshKeystroke, [
			{id: 'sshKeystroke.p50', label: 'Keystroke echo through ssh to localhost p50', unit: 'ms', pick: value => value.summary.p50},
			{id: 'sshKeystroke.p99', label: 'Keystroke echo through ssh to localhost p99', unit: 'ms', pick: value => value.summary.p99},
		]),
		...rowsOf(results.flood, [
			{id: 'flood.childExit', label: 'Flood: cat until the child exits', unit: 's', pick: value => value.childExitMs / 1000, target: '≤ 1.1× tmux', meets: (_value, ratio) => withinRatio(1.1, ratio)},
			{id: 'flood.painted', label: 'Flood: until the final screen is painted', unit: 's', pick: value => value.paintedMs / 1000, target: '≤ 1.1× tmux', meets: (_value, ratio) => withinRatio(1.1, ratio)},
			{id: 'flood.clientBytes', label: 'Flood: bytes the client wrote', unit: 'MB', pick: value => value.clientBytes / megabyte},
			{id: 'flood.cpu', label: 'Flood: CPU time of server + client', unit: 'CPU s', pick: value => value.cpuSeconds},
		]),
		...rowsOf(results.switch, [
			{id: 'switch.p50', label: 'Switch to a session with 100k lines of history p50', unit: 'ms', pick: value => value.summary.p50},
			{id: 'switch.p99', label: 'Switch p99', unit: 'ms', pick: value => value.summary.p99, target: '≤ 5 ms', meets: value => value <= 5},
		]),
		...rowsOf(results.memory, [
			{id: 'memory.empty', label: 'Server RSS, no sessions', unit: 'MB', pick: value => value.rssEmpty / megabyte},
			{id: 'memory.1', label: 'Server RSS, 1 idle shell', unit: 'MB', pick: value => value.rss1 / megabyte},
			{id: 'memory.10', label: 'Server RSS, 10 idle shells', unit: 'MB', pick: value => value.rss10 / megabyte},
			{id: 'memory.100', label: 'Server RSS, 100 idle shells', unit: 'MB', pick: value => value.rss100 / megabyte},
			{id: 'memory.history', label: 'Server RSS, 100 shells, one printed 100k lines', unit: 'MB', pick: value => value.rssAfterHistory / megabyte},
			{id: 'memory.perSession', label: 'Memory per idle session', unit: 'MB', pick: value => value.perIdleSession / megabyte, target: '≤ 0.5 MB', meets: value => value <= 0.5},
		]),
		...rowsOf(results.clientMemory, [
			{id: 'clientMemory', label: 'Client RSS after showing 10 sessions', unit: 'MB', pick: value => value.rss / megabyte, target: '≤ 60 MB', meets: value => value <= 60},
		]),
		...rowsOf(results.create, [
			{id: 'create.p50', label: 'Session create to first output p50', unit: 'ms', pick: value => value.summary.p50},
			{id: 'create.p99', label: 'Session create to first output p99', unit: 'ms', pick: value => value.summary.p99, target: '≤ 100 ms', meets: value => value <= 100},
		]),
		...rowsOf(results.ping, [
			{id: 'ping.idle.p50', label: 'Control round trip, idle, p50', unit: 'ms', pick: value => value.idle.p50},
			{id: 'ping.idle.p99', label: 'Control round trip, idle, p99', unit: 'ms', pick: value => value.idle.p99, target: '≤ 1 ms', meets: value => value <= 1},
			{id: 'ping.flood.p50', label: 'Control round trip, another session flooding, p50', unit: 'ms', pick: value => value.flood.p50},
			{id: 'ping.flood.p99', label: 'Control round trip, another session flooding, p99', unit: 'ms', pick: value => value.flood.p99, target: '≤ 5 ms', meets: value => value <= 5},
		]),
		...rowsOf(results.idleCpu, [
			{id: 'idleCpu', label: 'Idle CPU, server + client, 20 shells, per 10 s', unit: 'CPU s', pick: value => value.per10Seconds, target: '≈ 0 (≤ 0.1 s)', meets: value => value <= 0.1},
		]),
		...rowsOf(results.startup, [
			{id: 'startup.list', label: '`ls` with 10 sessions, to its exit, p50', unit: 'ms', pick: value => value.list.p50, target: '≤ 100 ms', meets: value => value <= 100},
			{id: 'startup.firstFrame', label: 'Client start to its first frame of the session, p50', unit: 'ms', pick: value => value.firstFrame.p50, target: '≤ 250 ms', meets: value => value <= 250},
			{id: 'startup.nodeStart', label: 'Node\'s own start (`node -e`), the floor under both, p50', unit: 'ms', pick: value => value.nodeStart?.p50 ?? Number.NaN},
		]),
	];
}

function formatNumber(value: number, unit: Row['unit']): string {
	const magnitude = Math.abs(value);
	const small = (unit === 'MB' || unit === 'CPU s') && magnitude < 1;
	const digits = small ? 3 : (magnitude >= 100 ? 0 : (magnitude >= 10 ? 1 : 2));
	return value.toFixed(digits);
}

function formatCell(cell: Cell, unit: Row['unit']): string {
	if (cell === undefined) {
		return '–';
	}

	return typeof cell === 'number' ? `${formatNumber(cell, unit)} ${unit}` : cell;
}

export function renderTable(rows: Row[]): string {
	const lines = [
		'| Measure | claude-tui | tmux | claude-tui / tmux | Target | Result |',
		'| --- | ---: | ---: | ---: | --- | --- |',
	];
	for (const row of rows) {
		const ratio = row.ratio === undefined ? '–' : `${row.ratio >= 10 ? row.ratio.toFixed(0) : row.ratio.toFixed(2)}×`;
		lines.push(`| ${row.label} | ${formatCell(row.claudeTui, row.unit)} | ${formatCell(row.tmux, row.unit)} | ${ratio} | ${row.target} | ${row.result} |`);
	}

	return lines.join('\n');
}

/** How each figure was taken, in a sentence each, printed under the table. */
export function renderNotes(results: Results): string {
	// "claude-tui: …; tmux: …" from each subject's own account of what it measured.
	const how = (outcomes: Partial<Record<SubjectName, Outcome<{how: string}>>> | undefined) => (['claude-tui', 'tmux'] as const)
		.map(subject => {
			const outcome = outcomes?.[subject];
			return outcome?.ok ? `${subject}: ${outcome.value.how}` : undefined;
		})
		.filter(Boolean)
		.join('; ');

	const notes: string[] = [];
	if (results.keystroke) {
		notes.push('Keystroke: the session runs `cat`; one letter typed into the outer terminal until it is on the outer screen at the cursor, 20 ms of quiet between samples.');
	}

	if (results.sshKeystroke) {
		notes.push('Keystroke through ssh: the same, with the server reached through a private sshd on 127.0.0.1: claude-tui\'s TUI attached to `HOST:echo` over its host link (`ssh HOST claude-tui bridge`), tmux\'s client run by `ssh -t HOST tmux attach`.');
	}

	if (results.flood) {
		notes.push('Flood: typed at a bash prompt in the attached session; "painted" is when the marker printed after the file shows on the outer screen.');
	}

	if (results.switch) {
		notes.push('Switch: claude-tui prefix Down, tmux prefix ) (switch-client -n); painted is when the other session\'s marker is on screen and the previous one\'s gone.');
	}

	if (results.memory) {
		notes.push('Memory: resident set of the server process alone (claude-tui daemon, tmux server); both keep 2,000 lines of history per session.');
	}

	if (results.clientMemory) {
		notes.push('Client memory: resident set of the attached client (the TUI, a `tmux attach` client) after it showed each of 10 sessions (a screen and 2,000 lines of history each) twice.');
	}

	if (results.create) {
		notes.push(`Session create (\`bash --norc\`), ${how(results.create)}.`);
	}

	if (results.ping) {
		notes.push(`Control round trip, ${how(results.ping)}. The flooding session has no client attached.`);
	}

	if (results.idleCpu) {
		notes.push('Idle CPU: user + system time of the server and the attached client from /proc (10 ms ticks), after 2.5 s without output (the sessions\' states settled).');
	}

	if (results.startup) {
		notes.push('Start-up: `claude-tui ls` / `tmux ls` with 10 sessions, spawned until they exit; first frame, `claude-tui attach` / `tmux attach` spawned in a fresh 200x50 outer terminal until the session\'s marker is on it. The daemon or server already runs. claude-tui runs without NODE_EXTRA_CA_CERTS (a CA bundle every node start would load first: +80 ms where it is set).');
	}

	return notes.map(note => `- ${note}`).join('\n');
}
