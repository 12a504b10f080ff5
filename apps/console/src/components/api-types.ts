import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from '@cc/api';

// Type-only: derived from the router so the UI follows API shape changes at compile time.
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type NodesPage = Outputs['nodes']['list'];
export type NodeRow = NodesPage['items'][number];
export type NodeDetail = Outputs['nodes']['get'];
export type HistorySample = Outputs['nodes']['history'][number];
export type ClusterOverview = Outputs['cluster']['overview'];
export type ListNodesInput = Inputs['nodes']['list'];
export type NodeState = NodeRow['state'];
export type NodeRole = NodeRow['role'];
export type ClusterRole = NodeRow['clusterRole'];
export type ReadinessPreview = Outputs['nodes']['readinessPreview'];
export type SetReadinessResult = Outputs['nodes']['setReadiness'];
