package io.clickstream.sink.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileReader;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.TableFile;

/** A file written row by row is the file a batch write makes (same stats), and reads back as the same rows. */
class StreamedParquetFileTest {

    static final LocalDate DATE = LocalDate.parse("2026-03-01");

    Path dir;
    String uri;
    Configuration conf;

    StreamedParquetFileTest() throws Exception {
        dir = Files.createTempDirectory("streamed-").resolve("clicks");
        uri = HadoopConfigurationFactory.normalizeTableUri(dir.toString());
        conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
    }

    static List<ClickRow> rows(int n) {
        List<ClickEvent> events = Events.generate(n, 21, Instant.parse("2026-03-01T12:00:00Z"), 5);
        List<ClickRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // microseconds in the ingest time: they must survive the round trip
            rows.add(new ClickRow(events.get(i), i % 3, 5_000L + i, Instant.parse("2026-03-01T13:00:00.000001Z").plusNanos(i * 1_000L)));
        }
        return rows;
    }

    @Test
    void writtenRowByRowAndReadBack() throws Exception {
        List<ClickRow> rows = rows(10_000); // more than one buffer of the open file (4,096 rows)
        ParquetDataFileWriter writer = new ParquetDataFileWriter(conf, uri);
        DataFileWriter.OpenFile out = writer.open(DATE);
        for (ClickRow row : rows) {
            out.write(row);
        }
        DataFile streamed = out.close();
        DataFile batch = writer.writeRows(rows).get(0);

        assertThat(streamed.partitionValues()).isEqualTo(Map.of("event_date", "2026-03-01"));
        assertThat(streamed.path()).startsWith("event_date=2026-03-01/").endsWith(".snappy.parquet");
        assertThat(streamed.numRecords()).isEqualTo(rows.size());
        assertThat(streamed.statsJson()).isEqualTo(batch.statsJson());
        assertThat(streamed.sizeBytes()).isEqualTo(Files.size(dir.resolve(streamed.path())));

        List<ClickRow> read = new ArrayList<>();
        try (DataFileReader.Rows in = new ParquetDataFileReader(conf, uri).open(
                new TableFile(streamed.path(), streamed.partitionValues(), streamed.sizeBytes(), streamed.modificationTime()))) {
            for (ClickRow row = in.read(); row != null; row = in.read()) {
                read.add(row);
            }
        }
        assertThat(read).isEqualTo(rows);
    }

    @Test
    void aRowOfAnotherDateIsRefusedAndAnAbortedFileIsDeleted() throws Exception {
        ParquetDataFileWriter writer = new ParquetDataFileWriter(conf, uri);
        DataFileWriter.OpenFile out = writer.open(DATE.plusDays(1));
        assertThatThrownBy(() -> out.write(rows(1).get(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event_date=2026-03-02");
        out.abort();
        try (Stream<Path> files = Files.list(dir.resolve("event_date=2026-03-02"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).isEmpty();
        }
    }
}
