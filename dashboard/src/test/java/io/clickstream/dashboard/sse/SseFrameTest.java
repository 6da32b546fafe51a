package io.clickstream.dashboard.sse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SseFrameTest {

    @Test
    void encodesIdNameRetryAndData() {
        SseFrame f = SseFrame.of("events", "42", 2000, "[{\"a\":1}]", 1, 42);
        assertThat(f.bytes().toString()).isEqualTo("id: 42\nevent: events\nretry: 2000\ndata: [{\"a\":1}]\n\n");
        assertThat(f.events()).isEqualTo(1);
        assertThat(f.lastId()).isEqualTo(42);
        assertThat(f.size()).isEqualTo(f.bytes().length());
    }

    @Test
    void leavesOutWhatIsNotSet() {
        assertThat(SseFrame.of("reset", null, "{}").bytes().toString()).isEqualTo("event: reset\ndata: {}\n\n");
    }

    @Test
    void aMultiLineTextBecomesOneDataLinePerLine() {
        // a newline inside a data: line would end the field early in the browser
        assertThat(SseFrame.of("note", "1", "a\nb\n").bytes().toString())
                .isEqualTo("id: 1\nevent: note\ndata: a\ndata: b\ndata: \n\n");
    }

    @Test
    void commentsAreCommentLines() {
        assertThat(SseFrame.comment("ping").bytes().toString()).isEqualTo(":ping\n\n");
    }

    @Test
    void sizeCountsUtf8Bytes() {
        assertThat(SseFrame.of("e", null, "é").size()).isEqualTo("event: e\ndata: é\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
