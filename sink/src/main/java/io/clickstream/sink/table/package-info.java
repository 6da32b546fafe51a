/**
 * What the sink writes, in terms of neither Kafka nor the storage libraries: rows, data files, the
 * table's transaction. The Delta and Parquet adapters implement these interfaces; the batcher and the
 * committer use only them, so the Delta library can be swapped without touching the ingest loop.
 */
package io.clickstream.sink.table;
