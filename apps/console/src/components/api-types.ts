import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from '@cc/api';

// Type-only: derived from the router so the UI follows API shape changes at compile time.
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type NodesPage = Outputs['nodes']['list'];
export type NodeRow = NodesPage['items'][number];
export type NodeDetail = Outputs['nodes']['get'];
export type NodeHistory = Outputs['nodes']['history'];
export type HistoryPoint = NodeHistory['points'][number];
export type ClusterHistoryPoint = Outputs['cluster']['history']['points'][number];
export type TimelineEvent = Outputs['cluster']['timeline'][number];
export type ClusterOverview = Outputs['cluster']['overview'];
export type ListNodesInput = Inputs['nodes']['list'];
export type NodeState = NodeRow['state'];
export type NodeRole = NodeRow['role'];
export type ClusterRole = NodeRow['clusterRole'];
export type ReadinessPreview = Outputs['nodes']['readinessPreview'];
export type SetReadinessResult = Outputs['nodes']['setReadiness'];

export type DomainsPage = Outputs['domains']['list'];
export type DomainListItem = DomainsPage['items'][number];
export type DomainDetail = Outputs['domains']['get'];
/** One resolved setting: value, where it comes from, the level's own override and what it would inherit. */
export type EffectiveSettingRow = DomainDetail['settings'][number];
export type AccountListItem = Outputs['accounts']['list']['items'][number];
export type AccountDetail = Outputs['accounts']['get'];
export type AccountWhere = Outputs['accounts']['where'];
export type EndAccountSessionsResult = Outputs['accounts']['endSessions'];
export type ClusterDefaultsFamily = Outputs['settings']['clusterDefaults'][number];
export type ConfigStatus = Outputs['config']['status'];
export type ConfigRevisionRow = ConfigStatus['revisions'][number];
export type RevisionProgress = ConfigStatus['overall'];
export type AlertView = Outputs['alerts']['list'][number];
export type AlertDeliveryView = Outputs['alerts']['delivery'];
export type AlertNodeDelivery = AlertDeliveryView['nodes'][number];
export type PostAlertInput = Inputs['alerts']['post'];

export type ReleasesView = Outputs['upgrades']['releases'];
export type ReleaseRow = ReleasesView['releases'][number];
export type PreflightView = Outputs['upgrades']['preflight'];
export type PlanNodeView = PreflightView['plan']['order'][number];
export type UpgradeRunListItem = Outputs['upgrades']['list'][number];
export type UpgradeRunView = Outputs['upgrades']['get'];
export type UpgradeStepView = UpgradeRunView['steps'][number];
export type NotificationDelivery = Outputs['notifications']['deliveries'][number];
