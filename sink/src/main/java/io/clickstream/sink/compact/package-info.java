/**
 * Background compaction: a date partition's small files rewritten into one file, committed as a
 * {@code dataChange=false} rewrite. Uses only the storage-neutral {@code table} interfaces.
 */
package io.clickstream.sink.compact;
