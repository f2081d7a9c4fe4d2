import type { PrintTheme } from '../../template/theme.js';
import type { PageOptions } from './column.js';
import type { Unit } from './types.js';

const NOTE_STYLE = { gap: 6, between: 2 };

/** What the page builder takes from the template. */
export function pageOptions(theme: PrintTheme): PageOptions {
  const floats = new Set<Unit['kind']>();
  if (theme.floats.figures) floats.add('figure');
  if (theme.floats.tables) floats.add('table');
  if (theme.floats.code) floats.add('code');
  return {
    floats,
    minScale: theme.floats.minScale,
    balance: theme.columns.balance,
    leading: theme.base.fontSize * theme.base.leading,
    notes: NOTE_STYLE,
    columns: theme.page.columns,
  };
}
