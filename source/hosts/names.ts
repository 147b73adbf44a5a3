// HOST:SESSION: how a session on another machine is named here. Its daemon knows it by its own id and name; every
// client of ours sees them with the host in front (`gpu:3f830617`, `gpu:web`), so ids and names from several
// daemons never clash, and what a person reads is what a command takes.
import type {SessionInfo} from '../protocol.js';

/** A session as the TUI and the commands see it: its host when it lives on another machine. */
export type HostedSession = SessionInfo & {host?: string};

export type SessionReference = {host: string | undefined; session: string};

/** `gpu:web` is session `web` on host gpu when a host is called gpu; anything else is a session of this machine. */
export function splitReference(reference: string, hostNames: readonly string[]): SessionReference {
	const colon = reference.indexOf(':');
	if (colon > 0) {
		const host = reference.slice(0, colon);
		if (hostNames.includes(host)) {
			return {host, session: reference.slice(colon + 1)};
		}
	}

	return {host: undefined, session: reference};
}

export function qualify(host: string, reference: string): string {
	return `${host}:${reference}`;
}

/** The host's own reference for it: `gpu:web` becomes `web`; one given without the host stays as it is. */
export function unqualify(host: string, reference: string): string {
	return reference.startsWith(`${host}:`) ? reference.slice(host.length + 1) : reference;
}

function isSessionInfo(value: unknown): value is SessionInfo {
	const info = value as Partial<SessionInfo> | null;
	return typeof info === 'object' && info !== null && typeof info.id === 'string' && typeof info.name === 'string' && typeof info.status === 'string';
}

export function qualifyInfo(host: string, info: SessionInfo): HostedSession {
	return {...info, id: qualify(host, info.id), name: qualify(host, info.name), host};
}

/**
A result or notification from a host's daemon, as our clients see it: every session in it named with the host.
The shapes are the protocol's: a SessionInfo, `{session: SessionInfo | id}`, `{sessions: [...]}`, and an attach
reply's `screen` (a ScreenUpdate, which names its session by id).
*/
export function qualifyMessage<T>(host: string, value: T): T {
	if (isSessionInfo(value)) {
		return qualifyInfo(host, value) as T;
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return value;
	}

	const message: Record<string, unknown> = {...(value as Record<string, unknown>)};
	const {session, sessions, screen} = message;
	if (typeof session === 'string') {
		message['session'] = qualify(host, session);
	} else if (isSessionInfo(session)) {
		message['session'] = qualifyInfo(host, session);
	}

	if (Array.isArray(sessions)) {
		message['sessions'] = sessions.map(item => (isSessionInfo(item) ? qualifyInfo(host, item) : item));
	}

	if (typeof screen === 'object' && screen !== null && typeof (screen as {session?: unknown}).session === 'string') {
		message['screen'] = {...screen, session: qualify(host, (screen as {session: string}).session)};
	}

	return message as T;
}

/** Request params for a host's daemon: the host taken off the session it names (and off a new name). */
export function unqualifyParams(host: string, params: unknown): unknown {
	if (typeof params !== 'object' || params === null || Array.isArray(params)) {
		return params;
	}

	const result: Record<string, unknown> = {...(params as Record<string, unknown>)};
	if (typeof result['session'] === 'string') {
		result['session'] = unqualify(host, result['session']);
	}

	// Renaming `gpu:web` to `gpu:api` is renaming web to api there.
	if (typeof result['name'] === 'string') {
		result['name'] = unqualify(host, result['name']);
	}

	return result;
}
