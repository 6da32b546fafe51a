package io.clickstream.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tested queries of {@code docs/analytics.md}: every {@code ```sql} block whose first line is
 * {@code -- query: <name>}. The guide is the only copy of the SQL, so what it shows is what runs.
 */
final class GuideQueries {

    static final Path GUIDE = Path.of("..", "docs", "analytics.md");
    private static final Pattern BLOCK = Pattern.compile("```sql\\n-- query: (\\w+)\\n(.*?)```", Pattern.DOTALL);

    private GuideQueries() {
    }

    /** name → SQL, in the guide's order. */
    static Map<String, String> load() {
        String text;
        try {
            text = Files.readString(GUIDE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> queries = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (queries.put(m.group(1), m.group(2).strip()) != null) {
                throw new IllegalStateException("query " + m.group(1) + " appears twice in " + GUIDE);
            }
        }
        return queries;
    }
}
