-- Near-duplicate detection probes "Source_lshBands_idx" for every band key of
-- every new source, right after the previous batch was inserted. With GIN's
-- fastupdate those fresh entries sit in an unsorted pending list that each
-- probe scans linearly (~0.5 ms a probe, 8,000 probes per 500-row batch);
-- writing them straight into the index keeps probes at microseconds.
ALTER INDEX "Source_lshBands_idx" SET (fastupdate = off);
