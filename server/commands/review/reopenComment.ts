import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { setCommentResolved } from '../../review/commentResolution.js';

export function reopenComment(db: Db, actor: Actor, briefingId: string, commentId: string, now = new Date()) {
  return setCommentResolved(db, actor, briefingId, commentId, false, now);
}
