package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad configuration stops the packaged sink at start-up with a message naming the key. */
class SinkConfigFailFastIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sink.compaction.min-files=1                | sink.compaction.min-files",
            "sink.compaction.min-files=0                | sink.compaction.min-files",
            "sink.compaction.target-file-bytes=-5       | sink.compaction.target-file-bytes",
            "sink.compaction.interval=0s                | sink.compaction.interval",
            "sink.compaction.target-file-bytes=1000     | sink.compaction.target-file-bytes",
            "sink.vacuum.retention=30m                  | sink.vacuum.retention",
            "sink.vacuum.interval=10s                   | sink.vacuum.interval",
    })
    void refusesToStart(String setting, String key) throws Exception {
        Path table = Files.createTempDirectory("config-").resolve("clicks");
        String output = StartupFailure.output(List.of(setting, "sink.table-uri=" + table));
        assertThat(output).contains(key);
    }
}
