import type { ElementContent } from 'hast';

/**
 * A copy of `nodes` with `replace` applied to every node, in document order: where it returns
 * nodes, they stand instead of that node (and are not visited again); where it returns undefined,
 * the node stays and its children are visited. The model is shared with the other writers, so only
 * the elements on the way to a replaced node are copied; every other subtree is the model's own.
 */
export function rewrite(nodes: readonly ElementContent[], replace: (node: ElementContent) => ElementContent[] | undefined): ElementContent[] {
  let changed = false;
  const result: ElementContent[] = [];
  for (const node of nodes) {
    const replacement = replace(node);
    if (replacement) {
      changed = true;
      result.push(...replacement);
      continue;
    }
    if (node.type === 'element') {
      const children = rewrite(node.children, replace);
      if (children !== node.children) {
        changed = true;
        result.push({ ...node, children });
        continue;
      }
    }
    result.push(node);
  }
  return changed ? result : (nodes as ElementContent[]);
}
