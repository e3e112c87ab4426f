import { select, zoom, zoomIdentity, type ZoomBehavior } from 'd3';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { applyZoom, drawGraph } from './draw';
import { ARROWS, nextInDirection } from './keyboard';
import { layoutGraph } from './layout';
import { GRAPH_MSG } from './messages';
import type { RenderGraph } from './model';

/** The layout's coordinate space; the SVG scales it to the width it gets (viewBox). */
const W = 1000;
const H = 680;
const MARKERS = ['edge', 'aggregate', 'fanin', 'added', 'removed'] as const;
const HULL_KINDS = new Set(['group', 'outside']);

export interface GraphCanvasProps {
  graph: RenderGraph;
  selectedNode: string | null;
  selectedEdge: string | null;
  onSelectNode(id: string | null): void;
  onSelectEdge(id: string | null): void;
  onExpand(namespace: string): void;
  label: string;
}

const reducedMotion = () => typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

/**
 * The flow graph's drawing surface: d3 draws into the zoomed group (layout: d3.pack, see layout.ts),
 * d3-zoom pans and zooms, and the keyboard moves between nodes (one Tab stop, arrows inside, Enter to
 * select, Escape to clear, + / − / 0 to zoom).
 */
export function GraphCanvas(props: GraphCanvasProps) {
  const { graph, selectedNode, selectedEdge } = props;
  const keysId = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const viewRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const drawn = useRef(false);
  const zoomK = useRef(1);
  const handlers = useRef(props);
  handlers.current = props;
  const pos = useMemo(() => layoutGraph(graph, { width: W, height: H }), [graph]);
  const leaves = useMemo(() => graph.nodes.filter((n) => !HULL_KINDS.has(n.kind) && pos.has(n.id)).map((n) => pos.get(n.id)!), [graph, pos]);
  const [focused, setFocused] = useState<string | null>(null);
  const tabStop = [focused, selectedNode].find((id) => id && leaves.some((p) => p.id === id)) ?? leaves[0]?.id ?? null;

  useEffect(() => {
    const svg = select(svgRef.current!);
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.25, 12])
      .on('zoom', (ev: { transform: { k: number; toString(): string } }) => {
        select(viewRef.current).attr('transform', ev.transform.toString());
        // Semantic zoom: names and port labels appear as the user zooms in (CSS reads data-zoom, is-tiny).
        svgRef.current!.dataset.zoom = ev.transform.k < 0.9 ? 'far' : ev.transform.k < 2 ? 'mid' : 'near';
        zoomK.current = ev.transform.k;
        applyZoom(viewRef.current!, ev.transform.k);
      });
    svg.call(z).on('dblclick.zoom', null);
    zoomRef.current = z;
    return () => {
      svg.on('.zoom', null);
    };
  }, []);

  useEffect(() => {
    drawGraph(viewRef.current!, graph, pos, {
      selectedNode,
      selectedEdge,
      focusNode: tabStop,
      onNode: (id) => handlers.current.onSelectNode(id),
      onEdge: (id) => handlers.current.onSelectEdge(id),
      onExpand: (ns) => handlers.current.onExpand(ns),
      animate: drawn.current && !reducedMotion(),
    });
    applyZoom(viewRef.current!, zoomK.current);
    drawn.current = true;
  }, [graph, pos, selectedNode, selectedEdge, tabStop]);

  const zoomBy = (k: number) => zoomRef.current && select(svgRef.current!).transition().duration(200).call(zoomRef.current.scaleBy, k);
  const reset = () => zoomRef.current && select(svgRef.current!).transition().duration(200).call(zoomRef.current.transform, zoomIdentity);

  const focusNode = (id: string) => {
    setFocused(id);
    const el = svgRef.current?.querySelector<SVGGElement>(`g.rw-node[data-id="${CSS.escape(id)}"]`);
    el?.focus();
    const p = pos.get(id);
    const rect = el?.getBoundingClientRect();
    const box = svgRef.current?.getBoundingClientRect();
    // Keep the focused node on screen: pan to it when it is outside the visible area.
    if (p && rect && box && (rect.right < box.left || rect.left > box.right || rect.bottom < box.top || rect.top > box.bottom) && zoomRef.current) {
      select(svgRef.current!).transition().duration(200).call(zoomRef.current.translateTo, p.x, p.y);
    }
  };

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    const id = (e.target as Element).closest?.('[data-id]')?.getAttribute('data-id') ?? null;
    const dir = ARROWS[e.key];
    if (dir) {
      const next = nextInDirection(leaves, id, dir);
      if (next) focusNode(next);
      e.preventDefault();
    } else if ((e.key === 'Enter' || e.key === ' ') && id) {
      if ((e.target as Element).closest('g.rw-edge')) props.onSelectEdge(id);
      else props.onSelectNode(id);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      props.onSelectNode(null);
      props.onSelectEdge(null);
    } else if (e.key === '+' || e.key === '=') zoomBy(1.4);
    else if (e.key === '-') zoomBy(1 / 1.4);
    else if (e.key === '0') reset();
  };

  return (
    <div className="rw-graph-canvas">
      <div className="rw-graph-zoom" role="group" aria-label={GRAPH_MSG.zoomGroup}>
        <button type="button" onClick={() => zoomBy(1.4)} aria-label={GRAPH_MSG.zoomIn} data-testid="graph-zoom-in">+</button>
        <button type="button" onClick={() => zoomBy(1 / 1.4)} aria-label={GRAPH_MSG.zoomOut} data-testid="graph-zoom-out">−</button>
        <button type="button" onClick={reset} aria-label={GRAPH_MSG.zoomReset} data-testid="graph-zoom-reset">{GRAPH_MSG.fit}</button>
      </div>
      <svg
        ref={svgRef}
        className="rw-graph-svg"
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={props.label}
        aria-describedby={keysId}
        data-zoom="mid"
        data-few={graph.edges.length <= 60 ? 'true' : 'false'}
        data-testid="graph-canvas"
        onKeyDown={onKeyDown}
        onClick={() => {
          props.onSelectNode(null);
          props.onSelectEdge(null);
        }}
      >
        <defs>
          {MARKERS.map((k) => (
            <marker key={k} id={`rw-arrow-${k}`} className={`rw-marker rw-marker--${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">
              <path d="M0,0L10,5L0,10z" />
            </marker>
          ))}
        </defs>
        <rect className="rw-graph-bg" width={W} height={H} />
        <g ref={viewRef} />
      </svg>
      <p id={keysId} className="muted small">{GRAPH_MSG.keys}</p>
    </div>
  );
}
