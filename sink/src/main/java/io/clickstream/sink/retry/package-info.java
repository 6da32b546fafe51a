/** Retrying with backoff, one mechanism for the whole sink; what counts as a transient failure. */
package io.clickstream.sink.retry;
