package io.clickstream.interop.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.table.TableSchema;

/**
 * The Spark Structured Streaming baseline of bench/sink-bench.sh: the seed's approach to the same job as the sink.
 * Reads a Kafka topic from the beginning with Spark's Kafka source, parses each value with the contract's schema
 * (from_json, the columns and types the sink writes, taken from the sink's {@link TableSchema}), adds the Kafka
 * coordinates, the ingest time and event_date, and appends to a Delta table partitioned by event_date, with a
 * checkpoint, trigger availableNow. Then prints the rate, counted from the query's start to its end (every row
 * committed), and checks the table's row count.
 * <p>
 * Arguments: bootstrap topic tableDir checkpointDir expectedRows. Spark settings as system properties
 * ({@code -Dspark.sql.shuffle.partitions=2}, ...) override the defaults below.
 * Prints one line starting with {@code SPARK_RESULT} for the script.
 */
public final class SparkStreamingBaseline {

    private SparkStreamingBaseline() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: SparkStreamingBaseline <bootstrap> <topic> <table-dir> <checkpoint-dir> <expected-rows>");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        String table = args[2];
        String checkpoint = args[3];
        long expected = Long.parseLong(args[4]);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.master", "local[2]");
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.sql.shuffle.partitions", "2");
        settings.put("spark.sql.session.timeZone", "UTC");
        settings.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        settings.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        SparkSession.Builder builder = SparkSession.builder().appName("sink-bench-spark-baseline");
        // system properties starting with spark. (SparkConf reads them) win over the defaults above
        settings.forEach((k, v) -> builder.config(k, System.getProperty(k, v)));
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");

        // from_json on the contract's fields: every column of the table that comes from the event itself
        List<TableSchema.Column> columns = TableSchema.columns(ClickEvent.SCHEMA_VERSION);
        List<String> fromKafka = List.of("kafka_partition", "kafka_offset", "ingest_time", TableSchema.RESCUED_DATA_COLUMN);
        StructType eventSchema = new StructType();
        for (TableSchema.Column c : columns) {
            if (!fromKafka.contains(c.name())) {
                eventSchema = eventSchema.add(c.name(), sparkType(c.type()), true);
            }
        }

        Dataset<Row> kafka = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .option("failOnDataLoss", "true")
                .load();
        Dataset<Row> parsed = kafka.select(
                from_json(col("value").cast("string"), eventSchema).as("e"),
                col("partition").as("kafka_partition"),
                col("offset").as("kafka_offset"));
        // the table's columns in the sink's order, then the partition column
        List<Column> out = new ArrayList<>();
        for (TableSchema.Column c : columns) {
            out.add(switch (c.name()) {
                case "kafka_partition" -> col("kafka_partition");
                case "kafka_offset" -> col("kafka_offset");
                case "ingest_time" -> current_timestamp().as("ingest_time");
                // from_json has no rescued-data option: the sample events carry no unknown fields anyway
                case TableSchema.RESCUED_DATA_COLUMN -> lit(null).cast(DataTypes.StringType).as(c.name());
                default -> col("e." + c.name()).as(c.name());
            });
        }
        out.add(to_date(col("e.event_time")).as(TableSchema.PARTITION_COLUMN));
        Dataset<Row> rows = parsed.select(out.toArray(Column[]::new));

        AtomicLong progressRows = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        spark.streams().addListener(new StreamingQueryListener() {
            @Override
            public void onQueryStarted(QueryStartedEvent event) {
            }

            @Override
            public void onQueryProgress(QueryProgressEvent event) {
                progressRows.addAndGet(event.progress().numInputRows());
                batches.incrementAndGet();
                System.out.printf("  progress: batch %d, %d rows, %.0f rows/s processed, durations %s%n",
                        event.progress().batchId(), event.progress().numInputRows(),
                        event.progress().processedRowsPerSecond(), event.progress().durationMs());
            }

            @Override
            public void onQueryIdle(QueryIdleEvent event) {
            }

            @Override
            public void onQueryTerminated(QueryTerminatedEvent event) {
            }
        });

        System.out.println("Spark settings: " + settings.keySet().stream().map(k -> k + "=" + spark.conf().get(k)).toList()
                + ", kafka source: startingOffsets=earliest, maxOffsetsPerTrigger unset, trigger availableNow, heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        long t0 = System.nanoTime();
        StreamingQuery query = rows.writeStream().format("delta")
                .outputMode("append")
                .partitionBy(TableSchema.PARTITION_COLUMN)
                .option("checkpointLocation", checkpoint)
                .trigger(Trigger.AvailableNow())
                .start(table);
        query.awaitTermination();
        long t1 = System.nanoTime();
        if (query.exception().isDefined()) {
            throw query.exception().get();
        }
        long tableRows = spark.read().format("delta").load(table).count();
        double seconds = (t1 - t0) / 1e9;
        System.out.printf("SPARK_RESULT rows=%d table_rows=%d batches=%d seconds=%.3f rows_per_second=%.1f%n",
                progressRows.get(), tableRows, batches.get(), seconds, tableRows / seconds);
        spark.stop();
        if (tableRows != expected) {
            System.err.printf("the table holds %d rows, expected %d%n", tableRows, expected);
            System.exit(1);
        }
    }

    private static DataType sparkType(TableSchema.Type type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case DATE -> DataTypes.DateType;
            case DECIMAL_10_2 -> DataTypes.createDecimalType(10, 2);
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
        };
    }
}
