/**
 * Metrics with scikit-learn 1.2's definitions (`gf.metrics.*`): per-sample work on the backend
 * through registered ops, only counts and sums read to the host (control reads). Each returns
 * a Promise of a number (confusionMatrix: the counts with their labels).
 *
 * @example
 * ```ts
 * const acc = await gf.metrics.accuracyScore(yTest, await model.predict(XTest));
 * const auc = await gf.metrics.rocAucScore(yTest, await model.predictProba(XTest), { multiClass: 'ovr' });
 * ```
 */
export { accuracyScore, confusionMatrix, precisionScore, recallScore, f1Score, type ConfusionMatrix, type PrfOptions, type Average } from './classification.js';
export { rocAucScore, logLoss, type RocAucOptions, type LogLossOptions } from './ranking.js';
export { r2Score, meanSquaredError, meanAbsoluteError } from './regression.js';
export { silhouetteScore, adjustedRandScore } from './clustering.js';
export { type LabelsInput, type ScoresInput, type ProbaInput } from './inputs.js';
