/**
 * The click-event contract shared by the producer, the sink and the dashboard: the {@link io.clickstream.contract.ClickEvent}
 * record, its JSON Schema ({@code click-event.schema.json}), and {@link io.clickstream.contract.ClickEventCodec}, which
 * encodes events and decodes untrusted records into an event or every violation, each naming its field.
 * <p>
 * Decoding reads the common shape with a hand-written scanner and everything else with Jackson's streaming parser;
 * tests hold both, and Jackson's tree, to the same results.
 */
package io.clickstream.contract;
