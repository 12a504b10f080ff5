export { HealthEvaluator, type EvaluatorOptions } from './evaluator';
export { evaluate } from './rules';
export { reconcileFindings } from './store';
