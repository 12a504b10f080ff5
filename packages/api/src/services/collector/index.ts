export { Collector, type CollectorOptions } from './collector';
export { runCollectorWhenLeader, type CollectorLeadership } from './leader';
