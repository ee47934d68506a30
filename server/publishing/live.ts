/** The current version of a briefing that readers can see. */
export const LIVE = { supersededAt: null, unpublishedAt: null } as const;
