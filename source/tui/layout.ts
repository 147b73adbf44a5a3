// Where the sidebar, the pane and the status bar go for a given terminal size.

export type Layout = {
	columns: number;
	rows: number;
	sidebarWidth: number;
	// The pane starts right of the sidebar and stops above the status bar.
	paneX: number;
	paneColumns: number;
	paneRows: number;
	tooSmall: boolean;
};

export const minPaneColumns = 20;
export const minPaneRows = 4;
export const defaultSidebarWidth = 28;

export function computeLayout(columns: number, rows: number, sidebarWidth = defaultSidebarWidth): Layout {
	const paneColumns = columns - sidebarWidth;
	const paneRows = rows - 1;
	return {
		columns,
		rows,
		sidebarWidth,
		paneX: sidebarWidth,
		paneColumns: Math.max(1, paneColumns),
		paneRows: Math.max(1, paneRows),
		tooSmall: paneColumns < minPaneColumns || paneRows < minPaneRows,
	};
}

export function minimumSize(sidebarWidth: number): {columns: number; rows: number} {
	return {columns: sidebarWidth + minPaneColumns, rows: minPaneRows + 1};
}
