// How paths, durations and times are shown, one way for the commands, the TUI and the daemon's banners alike.
import os from 'node:os';

/** A path with the home directory shown as ~, as shells do. */
export function shortenHome(path: string, home: string = os.homedir()): string {
	if (home !== '' && home !== '/' && (path === home || path.startsWith(home + '/'))) {
		return '~' + path.slice(home.length);
	}

	return path;
}

/** A length of time as a person reads it: 42s, 3m 5s, 2h 10m (past an hour the seconds are noise). */
export function formatDuration(seconds: number): string {
	const whole = Math.max(0, Math.floor(seconds));
	const minutes = Math.floor(whole / 60);
	if (minutes === 0) {
		return `${whole}s`;
	}

	return minutes < 60 ? `${minutes}m ${whole % 60}s` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** Local time as 2025-01-31 14:05:09, or 2025-01-31 14:05 without the seconds. */
export function formatLocalTime(time: Date, {seconds = true}: {seconds?: boolean} = {}): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const minute = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}`;
	return seconds ? `${minute}:${pad(time.getSeconds())}` : minute;
}
