// What every measurement is given.
import type {Fixtures} from '../fixtures.js';
import type {Size} from '../subjects/subject.js';

export type MeasureOptions = {
	quick: boolean;
	/** The outer (user's) terminal every client runs in. */
	outer: Size;
	fixtures: Fixtures;
	/** A directory private to this measurement and subject. */
	directory: string;
	log: (message: string) => void;
};

export const shell = {command: 'bash', args: ['--norc', '--noprofile']};

/** Shell input that prints "`marker`-done"; printf assembles it, so the echoed command line never shows it. */
export function markerInput(marker: string): string {
	return `printf '%s-%s\\n' ${marker} done\r`;
}

/** Shell input that prints `count` history lines of about 75 columns, then "`marker`-done". */
export function historyInput(count: number, marker: string): string {
	return `seq -f 'history line %06g of the bench, printed while nobody was watching' 1 ${count}; ${markerInput(marker)}`;
}

export async function sleep(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}
