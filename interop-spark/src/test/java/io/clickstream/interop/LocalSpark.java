package io.clickstream.interop;

import org.apache.spark.sql.SparkSession;

/** A local Spark session with Delta, in UTC, small enough for tests. */
final class LocalSpark {

    private LocalSpark() {
    }

    static SparkSession start() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("interop")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.adaptive.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
    }
}
