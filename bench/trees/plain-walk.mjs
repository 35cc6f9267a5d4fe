// The plain JS tree walk of npm run bench:trees: what a user writes by hand on XGBoost's JSON
// model (`save_model('m.json')`): for each row, for each tree, follow left_children /
// right_children from node 0 comparing the feature with split_conditions (`x < threshold` goes
// left, NaN takes default_left), add the leaf's value (split_conditions at a leaf), then the
// logistic. Features are the columns as given (X[f][i]); thresholds rounded to float32 (see
// plainModel); the margin is summed in JavaScript's float64.

/** The parsed model's trees as the plain arrays the walk reads, and the base margin. */
export function plainModel(json) {
  const learner = json.learner;
  const trees = learner.gradient_booster.model.trees.map((t) => ({
    left: t.left_children,
    right: t.right_children,
    feature: t.split_indices,
    // XGBoost's thresholds and leaf values are float32 printed in shortest form: read back as
    // float64 they are a hair off, and a feature equal to its threshold (common: hist's cut points
    // are data values) then goes the wrong way. Rounding them to float32 is the one step a
    // correct hand-written walk needs.
    threshold: t.split_conditions.map(Math.fround),
    defaultLeft: t.default_left,
  }));
  const p = Number(learner.learner_model_param.base_score);
  return { trees, baseMargin: Math.log(p / (1 - p)) };
}

/** P(class 1) for rows 0..n-1 of the columns X. */
export function plainPredict(model, X, n) {
  const { trees, baseMargin } = model;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let margin = baseMargin;
    for (const t of trees) {
      let node = 0;
      while (t.left[node] !== -1) {
        const x = X[t.feature[node]][i];
        if (Number.isNaN(x)) node = t.defaultLeft[node] ? t.left[node] : t.right[node];
        else node = x < t.threshold[node] ? t.left[node] : t.right[node];
      }
      margin += t.threshold[node];
    }
    out[i] = 1 / (1 + Math.exp(-margin));
  }
  return out;
}
