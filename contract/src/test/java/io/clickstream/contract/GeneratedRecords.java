package io.clickstream.contract;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Generated records for the tests that compare two readings of the same bytes: random events and their parts. */
final class GeneratedRecords {

    private GeneratedRecords() {
    }

    static final String LONG_2048 = "\"" + "x".repeat(2048) + "\"";
    static final String LONG_2049 = "\"" + "x".repeat(2049) + "\"";

    /** Raw JSON values tried for every field: every JSON type, edge numbers, bad formats. */
    static final List<String> VALUES = List.of(
            "null", "true", "false",
            "0", "1", "-1", "2", "7", "10", "11", "57", "670", "671", "10000", "10001", "-0",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "12345678901", "12345678901234567890123",
            "1.0", "1.5", "1.00", "8.0", "57.000", "1e2", "1E+2", "1e-2", "0.0", "-0.0", "0e5", "1e400",
            "19.9", "19.90", "19.999", "1.005", "0.001", "-1.50", "-0.01", "99999999.99", "99999999.990",
            "99999999.991", "100000000", "1.10E1",
            "\"\"", "\" \"", "\"\\t\"", "\"x\"", "\"1\"", "\"57\"", "\"19.90\"", "\"true\"", "\"null\"",
            "\"page_view\"", "\"purchase\"", "\"hover\"", "\"PURCHASE\"",
            "\"mobile\"", "\"Mobile\"", "\"watch\"",
            "\"NL\"", "\"nl\"", "\"NLD\"", "\"N\"", "\"\\u004E\\u004C\"",
            "\"3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f\"", "\"3F1C2A9E-8D7B-4C6A-9E5F-0A1B2C3D4E5F\"",
            "\"not-a-uuid\"", "\"1-1-1-1-1\"",
            "\"2026-11-25T10:01:51.123Z\"", "\"2026-11-25T10:01:51Z\"", "\"2026-11-25T11:01:51.123+01:00\"",
            "\"2026-13-25T10:01:51.123Z\"", "\"yesterday\"", "\"2024-02-29T00:00:00.5Z\"",
            "\"2023-02-29T00:00:00Z\"", "\"2026-11-25T23:59:60Z\"", "\"2026-11-25t10:01:51Z\"",
            "\"2026-11-25T10:01:51.123456789Z\"", "\"2026-11-25T10:01:51.1234567891Z\"", "\"2026-11-25T10:01:51.Z\"",
            "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999Z\"",
            "\"" + "y".repeat(65) + "\"", LONG_2048, LONG_2049, "\"\\t \\r\\n\"", "\"\\u00a0\"", "\"\\u001c\"",
            "\"" + "\\ud83d\\ude00".repeat(2048) + "\"", "\"" + "\\ud83d\\ude00".repeat(2049) + "\"",
            "\"caf\u00e9 \\u00e9\\n\\\"q\\\" \\ud83d\\ude00\"",
            "{}", "[]", "{\"a\":[1,{\"b\":\"c\"}],\"d\":null,\"e\":1.50}", "[1,\"x\",null,true,1.5,[],{}]",
            "[[[[[[[[[[1]]]]]]]]]]",
            "\"WELCOME10\"", "\"WELCOME10\\n\"", "\"welcome10\"", "\"ABC\"", "\"control\"", "\"exp.1-a_b\"",
            "\"B\"", "\"" + "A".repeat(32) + "\"", "\"" + "a".repeat(33) + "\"", "\"" + "a".repeat(64) + "\"",
            "\"" + "a".repeat(65) + "\"");

    static Map<String, String> randomEvent(Random random) {
        EventType type = pick(random, List.of(EventType.values()));
        Map<String, String> e = new LinkedHashMap<>();
        e.put("event_id", quote(new UUID(random.nextLong(), random.nextLong()).toString()));
        e.put("event_time", quote(ClickEventCodec.formatEventTime(
                Instant.ofEpochMilli(1_700_000_000_000L + (long) (random.nextDouble() * 100_000_000_000L)))));
        e.put("store_id", quote(pick(random, List.of("wwi-toys", "wwi-novelty", "st\u00f8re \\\"7\\\""))));
        e.put("session_id", quote("s-" + random.nextInt(100_000)));
        e.put("user_id", random.nextBoolean() ? "null" : quote("u-" + random.nextInt(1_000)));
        e.put("event_type", quote(type.wire()));
        e.put("page", quote(pick(random, List.of("/", "/checkout/done", "/p/57?q=\\u00e9", "/search?q=a%20b"))));
        boolean product = type.hasProduct() || random.nextInt(5) == 0;
        int productId = 1 + random.nextInt(ClickEvent.MAX_PRODUCT_ID);
        e.put("product_id", product ? Integer.toString(productId) : "null");
        e.put("category_id", product && random.nextInt(4) > 0 ? Integer.toString(ClickEvent.categoryOf(productId))
                : "null");
        boolean priced = type.hasPriceAndQuantity() || random.nextInt(5) == 0;
        e.put("price", priced ? randomPrice(random) : "null");
        e.put("quantity", priced ? Integer.toString(1 + random.nextInt(ClickEventCodec.MAX_QUANTITY)) : "null");
        for (String optional : List.of("referrer", "utm_source", "utm_medium", "utm_campaign", "ad_id")) {
            e.put(optional, random.nextBoolean() ? "null" : quote(optional.charAt(0) + "-" + random.nextInt(50)));
        }
        e.put("device", quote(pick(random, List.of(Device.values())).wire()));
        e.put("country", quote(pick(random, List.of("NL", "US", "DE", "GB"))));
        if (random.nextBoolean()) {
            e.put("schema_version", "1");
            return e;
        }
        e.put("schema_version", "2");
        putV2(e, random, "experiment_id", List.of("checkout-button-2026q4", "exp.7", "a"));
        putV2(e, random, "variant", List.of("control", "B", "treatment_2"));
        putV2(e, random, "coupon_code", List.of("WELCOME10", "BF-2026", "ABCD"));
        return e;
    }

    /** A version 2 field: absent, null or a valid value. */
    private static void putV2(Map<String, String> e, Random random, String field, List<String> values) {
        switch (random.nextInt(3)) {
            case 0 -> {
            }
            case 1 -> e.put(field, "null");
            default -> e.put(field, quote(pick(random, values)));
        }
    }

    static String randomPrice(Random random) {
        BigDecimal price = BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(3));
        return switch (random.nextInt(4)) {
            case 0 -> price.setScale(2).toPlainString();
            case 1 -> price.toString();
            case 2 -> price.setScale(2).toString();
            default -> price.stripTrailingZeros().toString(); // may be 1E+2
        };
    }

    static byte[] json(Map<String, String> fields, boolean pretty) {
        List<String[]> entries = new ArrayList<>();
        fields.forEach((k, v) -> entries.add(new String[] { k, v }));
        return json(entries, pretty);
    }

    static byte[] json(List<String[]> entries, boolean pretty) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < entries.size(); i++) {
            json.append(i == 0 ? "" : ",").append(pretty ? "\n  " : "");
            json.append(quote(entries.get(i)[0])).append(pretty ? ": " : ":").append(entries.get(i)[1]);
        }
        return bytes(json.append(pretty ? "\n}" : "}").toString());
    }

    static Map<String, String> shuffled(Map<String, String> fields, Random random) {
        List<String> keys = new ArrayList<>(fields.keySet());
        Collections.shuffle(keys, random);
        Map<String, String> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, fields.get(k)));
        return out;
    }

    /** Quotes text that is already JSON-escaped (or needs no escaping). */
    static String quote(String escaped) {
        return "\"" + escaped + "\"";
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
