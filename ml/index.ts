/** Estimators with the scikit-learn contract (fit / predict / score), on the device with a CPU twin. */
export { KMeans, type KMeansOptions } from './kmeans.js';
export { AgglomerativeClustering, type AgglomerativeClusteringOptions, type PrecomputedDistances } from './agglomerative.js';
export { type Features, type FrameLike, type FrameColumnLike } from './input.js';
export { DBSCAN, type DBSCANOptions } from './dbscan.js';
