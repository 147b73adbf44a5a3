// Percentiles and summaries of timing samples.

export type Summary = {
	count: number;
	p50: number;
	p99: number;
	min: number;
	max: number;
	mean: number;
};

/**
The p-th percentile (0-100) of `values`, interpolating linearly between the two nearest ranks (the method
numpy and most spreadsheets use by default), so p50 of an even count is the mean of the middle two.
*/
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) {
		throw new RangeError('percentile of no samples');
	}

	if (!(p >= 0 && p <= 100)) {
		throw new RangeError(`percentile must be from 0 to 100, not ${p}`);
	}

	const sorted = [...values].sort((a, b) => a - b);
	const rank = (p / 100) * (sorted.length - 1);
	const below = Math.floor(rank);
	const above = Math.ceil(rank);
	const low = sorted[below]!;
	const high = sorted[above]!;
	return low + ((high - low) * (rank - below));
}

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

export function summarize(values: readonly number[]): Summary {
	if (values.length === 0) {
		throw new RangeError('summary of no samples');
	}

	let sum = 0;
	for (const value of values) {
		sum += value;
	}

	return {
		count: values.length,
		p50: percentile(values, 50),
		p99: percentile(values, 99),
		min: Math.min(...values),
		max: Math.max(...values),
		mean: sum / values.length,
	};
}
