// Where the sidebar, the pane and the status bar go for a given terminal size. The sidebar has three looks: full
// (names and directories), a strip of state glyphs when the full one would leave the pane too narrow, and hidden
// (prefix z gives the pane the whole width, as tmux's zoom).

export type SidebarLook = 'full' | 'strip' | 'hidden';

export type Layout = {
	columns: number;
	rows: number;
	sidebar: SidebarLook;
	/** Columns the sidebar takes, its border included (0 when hidden). */
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
/** The strip: a marker, the state glyph, the attention mark, the border. */
export const stripWidth = 4;
/** Below this many pane columns beside the full sidebar, the sidebar becomes the strip. */
export const collapseBelowPaneColumns = 60;

export function computeLayout(columns: number, rows: number, sidebarWidth = defaultSidebarWidth, hidden = false): Layout {
	const sidebar: SidebarLook = hidden ? 'hidden' : columns - sidebarWidth < collapseBelowPaneColumns ? 'strip' : 'full';
	const width = sidebar === 'hidden' ? 0 : sidebar === 'strip' ? stripWidth : sidebarWidth;
	const paneColumns = columns - width;
	const paneRows = rows - 1;
	return {
		columns,
		rows,
		sidebar,
		sidebarWidth: width,
		paneX: width,
		paneColumns: Math.max(1, paneColumns),
		paneRows: Math.max(1, paneRows),
		tooSmall: paneColumns < minPaneColumns || paneRows < minPaneRows,
	};
}

export function minimumSize(sidebarWidth: number): {columns: number; rows: number} {
	return {columns: sidebarWidth + minPaneColumns, rows: minPaneRows + 1};
}
