/**
 * Audit actions that record a change or disappearance of a published briefing's source (source drift,
 * issue 12). The Insights page counts these events per briefing: the event's entityId when it is about
 * the briefing, else its data.briefingId. Until the drift checker writes them, the column reads zero.
 */
export const SOURCE_DRIFT_ACTIONS: readonly string[] = ['briefing.source_drifted'];
