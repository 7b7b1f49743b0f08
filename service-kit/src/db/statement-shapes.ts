import {
  AndNode,
  BinaryOperationNode,
  OperatorNode,
  OrNode,
  ParensNode,
  PrimitiveValueListNode,
  ValueListNode,
  WhereNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'

/**
 * SQLite statements are reused by their SQL text (see cacheStatements in database.ts), and a list
 * whose length varies makes a new text for every length: ingestion's batched reads (`where uri in
 * (…)`) and multi-row writes missed the cache nearly every time, each miss a prepare of a statement
 * with hundreds of parameters (the labeler prepared 3,900 statements in one replay of
 * bench/ingest.ts). Two remedies keep the number of texts small: lists in `in` are padded, and
 * multi-row writes go in chunks of fixed sizes.
 */

/** Lists longer than this are left as they are (rare; padding them could pass SQLite's limit on parameters). */
const MAX_PADDED = 1024

/**
 * Pads the list of every `in` / `not in` of a query's where clause to the next power of two by
 * repeating its last value: the same rows match (a list is a set), and a query has a dozen texts
 * instead of one per length.
 */
export class InListPadding implements KyselyPlugin {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    const where = (node as { where?: WhereNode }).where
    if (!where) return node
    const padded = padLists(where.where)
    return padded === where.where ? node : ({ ...node, where: WhereNode.create(padded) } as RootOperationNode)
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result
  }
}

/** The condition with its `in` lists padded; the same node when none needed it. */
function padLists(node: OperationNode): OperationNode {
  if (AndNode.is(node) || OrNode.is(node)) {
    const left = padLists(node.left)
    const right = padLists(node.right)
    if (left === node.left && right === node.right) return node
    return AndNode.is(node) ? AndNode.create(left, right) : OrNode.create(left, right)
  }
  if (ParensNode.is(node)) {
    const inner = padLists(node.node)
    return inner === node.node ? node : ParensNode.create(inner)
  }
  if (!BinaryOperationNode.is(node) || !OperatorNode.is(node.operator) || (node.operator.operator !== 'in' && node.operator.operator !== 'not in')) return node
  const list = node.rightOperand
  if (PrimitiveValueListNode.is(list)) {
    const values = padded(list.values)
    return values === list.values ? node : BinaryOperationNode.create(node.leftOperand, node.operator, PrimitiveValueListNode.create(values))
  }
  if (ValueListNode.is(list)) {
    const values = padded(list.values)
    return values === list.values ? node : BinaryOperationNode.create(node.leftOperand, node.operator, ValueListNode.create(values))
  }
  return node
}

function padded<T>(values: readonly T[]): readonly T[] {
  const n = values.length
  if (n < 2 || n > MAX_PADDED) return values
  const size = 2 ** Math.ceil(Math.log2(n))
  if (size === n) return values
  const out = values.slice()
  const last = values[n - 1]!
  while (out.length < size) out.push(last)
  return out
}

/**
 * `items` in chunks whose sizes are powers of two, at most `max` (largest first): 45 rows are
 * written as 32 + 8 + 4 + 1, so that a table's multi-row insert has a handful of SQL texts, each
 * prepared once, instead of one per row count. A few more statements run; none is prepared again.
 */
export function fixedSizeChunks<T>(items: readonly T[], max: number): T[][] {
  const largest = 2 ** Math.floor(Math.log2(Math.max(1, max)))
  const chunks: T[][] = []
  for (let i = 0; i < items.length; ) {
    let size = largest
    while (size > items.length - i) size /= 2
    chunks.push(items.slice(i, i + size))
    i += size
  }
  return chunks
}
