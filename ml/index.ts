/** Estimators with the scikit-learn contract (fit / predict / score), on the device with a CPU twin. */
export { KMeans, type KMeansOptions } from './kmeans.js';
export { AgglomerativeClustering, type AgglomerativeClusteringOptions, type PrecomputedDistances } from './agglomerative.js';
export { type Features, type FrameLike, type FrameColumnLike } from './input.js';
export { DBSCAN, type DBSCANOptions } from './dbscan.js';
export { StandardScaler, type StandardScalerOptions } from './preprocessing/standard-scaler.js';
export { MinMaxScaler, type MinMaxScalerOptions } from './preprocessing/min-max-scaler.js';
export { RobustScaler, type RobustScalerOptions } from './preprocessing/robust-scaler.js';
export { SimpleImputer, type SimpleImputerOptions } from './preprocessing/simple-imputer.js';
export { LabelEncoder, type LabelEncoderOptions, type LabelInput, type LabelOutput } from './preprocessing/label-encoder.js';
export { OneHotEncoder, type OneHotEncoderOptions } from './preprocessing/one-hot-encoder.js';
export { type CategoricalInput, type CategoricalOutput } from './preprocessing/categorical-input.js';
export { PolynomialFeatures, type PolynomialFeaturesOptions } from './preprocessing/polynomial-features.js';
export { LinearRegression, type LinearRegressionOptions } from './linear-model/linear-regression.js';
export { Ridge, type RidgeOptions } from './linear-model/ridge.js';
export { Lasso, type LassoOptions } from './linear-model/lasso.js';
export { ElasticNet, type ElasticNetOptions } from './linear-model/elastic-net.js';
export { type LinearFitOptions, type VectorInput } from './linear-model/common.js';
