/** The DataFrame layer: frames, expressions, readers. */
export { DataFrame, type ColumnInput } from './data-frame.js';
export { col, lit, Expr, type Literal } from './expr.js';
export { readCSV, readShapefile, type GeoDataFrame } from './read.js';
export { GroupBy, type AggSpec } from './verbs/group-by.js';
export { type SortOptions as FrameSortOptions } from './verbs/sort.js';
