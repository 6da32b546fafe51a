/** Hadoop storage: the FileSystem configuration (local or ADLS Gen2) and the Parquet data files. */
package io.clickstream.sink.storage;
