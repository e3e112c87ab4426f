/**
 * What every routed view receives. Filters and selection live in the URL (shareable links): a view reads
 * them from `params` and changes them only through `setParams`, which the shell turns into a history entry.
 */
export interface ViewProps {
  cluster: string;
  params: Readonly<Record<string, string>>;
  setParams(next: Record<string, string | undefined>, opts?: { replace?: boolean }): void;
}
