/**
 * Metrics with scikit-learn 1.2's definitions (`gf.metrics.*`): per-sample work on the backend
 * through registered ops, only counts and sums read to the host (control reads). Each returns
 * a Promise of a number (confusionMatrix: the counts with their labels).
 *
 * @example
 * ```ts
 * const X = [[0, 0], [1, 0], [5, 5], [6, 5], [0, 9], [1, 9]];
 * const y = ['a', 'a', 'b', 'b', 'c', 'c'];
 * const model = await new gf.GaussianNB().fit(X, y);
 * await gf.metrics.accuracyScore(y, await model.predict(X)); // 1
 * await gf.metrics.rocAucScore(y, await model.predictProba(X), { multiClass: 'ovr' }); // 1
 * ```
 */
export { accuracyScore, confusionMatrix, precisionScore, recallScore, f1Score, type ConfusionMatrix, type PrfOptions, type Average } from './classification.js';
export { rocAucScore, logLoss, type RocAucOptions, type LogLossOptions } from './ranking.js';
export { r2Score, meanSquaredError, meanAbsoluteError } from './regression.js';
export { silhouetteScore, adjustedRandScore } from './clustering.js';
export { type LabelsInput, type ScoresInput, type ProbaInput } from './inputs.js';
