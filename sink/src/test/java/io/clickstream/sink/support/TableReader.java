package io.clickstream.sink.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import io.delta.standalone.DeltaLog;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.AddFile;

/**
 * Reads a Delta table's current snapshot the way a reader would: the files the log lists, each read
 * with parquet-hadoop (delta-standalone's own row reader cannot decode INT64 timestamps).
 */
public final class TableReader {

    /** One row, with the partition value from the log. */
    public record Row(String eventId, String eventDate, Group values, String file) {
    }

    private final Configuration conf;
    private final String uri;

    public TableReader(Configuration conf, String uri) {
        this.conf = conf;
        this.uri = uri;
    }

    public TableReader(String uri) {
        this(new Configuration(), uri);
    }

    public DeltaLog log() {
        return DeltaLog.forTable(conf, uri);
    }

    public Snapshot snapshot() {
        return log().update();
    }

    public List<AddFile> files() {
        DeltaLog log = log();
        if (!log.tableExists()) {
            return List.of();
        }
        return log.update().getAllFiles();
    }

    public List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (AddFile f : files()) {
            Path p = new Path(uri + "/" + f.getPath());
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), p).withConf(conf).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    rows.add(new Row(g.getString("event_id", 0), f.getPartitionValues().get("event_date"), g, f.getPath()));
                }
            }
        }
        return rows;
    }

    public List<String> eventIds() throws IOException {
        return rows().stream().map(Row::eventId).toList();
    }
}
