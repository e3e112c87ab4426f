/** The columns of a `posture` row every reader and writer shares (libs/policy-engine posture.ts computes them). */
export interface PostureFields {
  namespace: string;
  pods: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
  policies: number;
  defaultDenyIngress: boolean;
  defaultDenyEgress: boolean;
  exposedToInternet: boolean;
  reachableFromOtherNamespaces: boolean;
  score: number;
}
