import { AdminRecord } from './policies';
import { CompiledRule } from './rows';

/**
 * The ANP layer of signatures, shared by every class that selects the same set of ANPs.
 *
 * A part is named by the *names* of the ANPs it holds (not by their versions), and signatures spell it
 * by its id. So when an ANP is edited without changing whom it selects, no class changes signature: the
 * parts holding it get the new rules in place (`update`), and the engine rewrites the rows using them
 * (their keys stay valid). Editing one ANP that selects every namespace then costs a pass over the rows,
 * not re-signing every class and re-keying every row.
 *
 * Invariant: for every live part, `egress` / `ingress` are the rules of its ANPs (current versions), in
 * evaluation order, and every row whose signature names the part has exactly those rules as its plan's
 * ANP layer (array identity: rows are found by `plan.anp === part[dir].rules`).
 */

export interface RulesPart {
  rules: CompiledRule[];
  /** Structural ids, comma-joined. */
  sids: string;
  named: boolean;
}

export function rulesPart(rules: CompiledRule[]): RulesPart {
  return { rules, sids: rules.map((r) => r.sid).join(','), named: rules.some((r) => r.named !== null) };
}

export interface AnpPart {
  readonly id: number;
  /** The ANPs' names, sorted (the part's identity; evaluation order comes from the engine's sorted list). */
  readonly names: readonly string[];
  egress: RulesPart;
  ingress: RulesPart;
}

/** One direction of one part whose rules changed: rows with `from` as their ANP layer move to `to`. */
export interface AnpTransition {
  from: CompiledRule[];
  to: CompiledRule[];
}

export class AnpParts {
  private readonly byKey = new Map<string, AnpPart>();
  private nextId = 1;

  /** The part of a set of selected ANPs, given in evaluation order. */
  partOf(selected: readonly AdminRecord[]): AnpPart {
    const names = selected.map((r) => r.policy.name).sort();
    const key = names.join('\u0000');
    let part = this.byKey.get(key);
    if (!part) {
      part = { id: this.nextId++, names, egress: rulesPart(selected.flatMap((r) => r.cp.egress)), ingress: rulesPart(selected.flatMap((r) => r.cp.ingress)) };
      this.byKey.set(key, part);
    }
    return part;
  }

  /**
   * ANP `name` was replaced by a new version (same name; `sorted` is the engine's list in evaluation
   * order, already holding it). Gives every part holding it its new rules and returns what changed per
   * direction — or undefined, changing nothing, when the in-place update does not apply: a part would
   * change whether its ingress rules have named ports (signatures spell the class's own named ports
   * then), or one of its ANPs is gone. The caller then drops the parts (`forget`) and re-signs classes.
   */
  update(name: string, sorted: readonly AdminRecord[]): AnpTransition[] | undefined {
    const next: { part: AnpPart; egress: RulesPart; ingress: RulesPart }[] = [];
    for (const part of this.byKey.values()) {
      if (!part.names.includes(name)) continue;
      const recs = sorted.filter((r) => part.names.includes(r.policy.name));
      if (recs.length !== part.names.length) return undefined;
      const egress = rulesPart(recs.flatMap((r) => r.cp.egress));
      const ingress = rulesPart(recs.flatMap((r) => r.cp.ingress));
      if (ingress.named !== part.ingress.named) return undefined;
      next.push({ part, egress, ingress });
    }
    const out: AnpTransition[] = [];
    for (const { part, egress, ingress } of next) {
      // Equal structural ids ⇒ the same entries and ports: rows keep their rules (nothing to rewrite).
      if (egress.sids !== part.egress.sids) {
        out.push({ from: part.egress.rules, to: egress.rules });
        part.egress = egress;
      }
      if (ingress.sids !== part.ingress.sids) {
        out.push({ from: part.ingress.rules, to: ingress.rules });
        part.ingress = ingress;
      }
    }
    return out;
  }

  /** Drops every part holding ANP `name` (it was deleted, or its parts are rebuilt from scratch). */
  forget(name: string): void {
    for (const [k, part] of this.byKey) if (part.names.includes(name)) this.byKey.delete(k);
  }
}
