// Japanese summaries of diagnostic codes. The engine's messages are English (docs/diagnostics.md);
// in Japanese the page shows this summary first and keeps the engine's exact message beside it.
// The table is the engine's own (core/common/diagnostic_summaries_ja.json), which the CLI's report reads too.
import summaries from '../../../core/common/diagnostic_summaries_ja.json' with { type: 'json' };

export const DIAG_JA = summaries;
