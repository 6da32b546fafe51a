package io.clickstream.jmh;

import java.io.IOException;
import java.util.List;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.contract.FlatEvent;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.DataFile;

/** How the sink turns decoded records into what its Parquet writer takes: column batches. */
final class RowPath {

    private RowPath() {
    }

    static Object rows(DecodeResult[] decoded, long ingestMicros) {
        ColumnBatch rows = new ColumnBatch(decoded.length);
        for (int i = 0; i < decoded.length; i++) {
            DecodeResult d = decoded[i];
            rows.append(d.event(), i % 6, i, ingestMicros, d.rescuedData());
        }
        return rows;
    }

    /** What the consumer does per record: bytes to the batch's rows (here straight into columns). */
    static Object decodeToRows(byte[][] values, long ingestMicros) {
        ColumnBatch rows = new ColumnBatch(values.length);
        FlatEvent flat = new FlatEvent();
        for (int i = 0; i < values.length; i++) {
            if (ClickEventCodec.decodeFlat(values[i], 2, flat)) {
                rows.append(flat, i % 6, i, ingestMicros);
            } else {
                DecodeResult d = ClickEventCodec.decode(values[i], 2);
                rows.append(d.event(), i % 6, i, ingestMicros, d.rescuedData());
            }
        }
        return rows;
    }

    static List<DataFile> write(ParquetDataFileWriter writer, Object rows) throws IOException {
        return writer.write(List.of((ColumnBatch) rows));
    }
}
