/** The DataFrame layer: frames, expressions, readers. */
export { DataFrame, type ColumnInput } from './data-frame.js';
export { col, lit, Expr, type Literal } from './expr.js';
export { readCSV, readShapefile } from './read.js';
export { GroupBy, type AggSpec } from './verbs/group-by.js';
export { type SortOptions as FrameSortOptions } from './verbs/sort.js';
export { concat, type ConcatOptions } from './verbs/concat.js';
export { type WindowOp, type WindowOptions } from './verbs/window.js';
export { type SampleOptions } from './verbs/sample.js';
export { type QuantileOptions, type QuantileInterpolation } from './verbs/quantile.js';
export { type FillValue } from './verbs/nulls.js';
export { type FromRecordsOptions } from './verbs/from-records.js';
export { type AggOp } from './verbs/group-by.js';
export { type UniqueOptions } from './verbs/unique.js';
export { type ValueCountsOptions } from './verbs/value-counts.js';
export { readArrow, writeArrow, readParquet, writeParquet } from './read.js';
export { type JoinOptions, type JoinHow } from './verbs/join.js';
export { when, When, Then, StrNamespace, DtNamespace, ListNamespace, type ListOp, type CastType, type ExprNode, type ArithOp, type FnOp } from './expr.js';
export { readGeoJSON, writeGeoJSON, type ReadGeoJSONOptions, type WriteGeoJSONOptions } from './read-geo.js';
