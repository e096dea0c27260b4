// The audit trail of administrative actions: who created, changed or deleted what, and who triggered syncs.
import type { Sql } from '../store/db.ts';
import type { Actor } from './context.ts';

export async function audit(
  db: Sql,
  actor: Actor | null,
  action: string,
  targetType: string,
  targetId: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.query(
    'INSERT INTO audit_trail (actor_id, actor_label, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      actor?.kind === 'session' && actor.id ? actor.id : null,
      actor?.label ?? 'system',
      action,
      targetType,
      targetId,
      JSON.stringify(details),
    ],
  );
}
