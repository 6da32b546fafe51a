package io.clickstream.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

/**
 * The contract's JSON Schema as other teams' validators apply it: with {@code format} asserted (date-time rejects
 * calendar dates that do not exist, which no pattern can), as ajv with ajv-formats or networknt with format
 * assertions do.
 */
final class PublishedSchema {

    private PublishedSchema() {
    }

    static JsonSchema load() {
        try (InputStream in = ClickEvent.class.getResourceAsStream(ClickEvent.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + ClickEvent.SCHEMA_RESOURCE);
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
