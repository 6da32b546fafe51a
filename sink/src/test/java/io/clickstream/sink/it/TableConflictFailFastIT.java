package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.table.TableSchema;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;

/** A table whose schema conflicts with the contract stops the packaged sink at start-up, naming the column. */
class TableConflictFailFastIT {

    @Test
    void aKnownColumnOfAnotherTypeStopsStartUp() throws Exception {
        Path table = Files.createTempDirectory("conflict-").resolve("clicks");
        StructType schema = new StructType(Arrays.stream(DeltaClickTable.schema().getFields())
                .map(f -> f.getName().equals("price") ? new StructField("price", new StringType(), true) : f)
                .toArray(StructField[]::new));
        OptimisticTransaction txn = DeltaLog.forTable(new Configuration(), table.toUri().toString()).startTransaction();
        txn.updateMetadata(Metadata.builder().schema(schema).partitionColumns(List.of(TableSchema.PARTITION_COLUMN)).build());
        txn.commit(List.of(), new Operation(Operation.Name.CREATE_TABLE), "test");

        String output = StartupFailure.output(List.of("sink.retry.give-up-after=5s", "sink.table-uri=" + table));
        assertThat(output).contains("conflicts with the event contract: column price has type string, the contract's is decimal(10,2)");
        // nothing was committed: the table is as it was
        assertThat(DeltaLog.forTable(new Configuration(), table.toUri().toString()).update().getVersion()).isZero();
    }
}
