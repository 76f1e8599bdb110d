package dev.mixup.paging;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageRequestTests {

    private static final Instant T = Instant.parse("2026-03-04T05:06:07.123456789Z");

    @Test
    void aTokenNamesTheKeyItWasMadeFrom() {
        PageKey key = new PageKey(T, "3f0c-ü/😀");
        assertThat(PageKey.fromToken(key.token())).isEqualTo(key);
        assertThat(key.token()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void anythingElseIsAnInvalidPageRequest() {
        for (String token : List.of("bm9wZQ", "%%", "Zm9vL2Jhcg", new PageKey(T, "").token(), "A".repeat(201))) {
            assertThatThrownBy(() -> PageKey.fromToken(token)).as(token).isInstanceOf(InvalidPageRequestException.class);
        }
    }

    @Test
    void limitsDefaultTo100AndStayWithin1To1000() {
        assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(null, 100));
        assertThat(PageRequest.of(1000, "").limit()).isEqualTo(1000);
        for (int limit : new int[] {0, -1, 1001}) {
            assertThatThrownBy(() -> PageRequest.of(limit, null)).isInstanceOf(InvalidPageRequestException.class)
                    .hasMessageContaining("limit must be in [1, 1000]");
        }
    }

    @Test
    void selectOrdersByCreationThenIdAndSaysWhereToReadOn() {
        List<PageKey> keys = List.of(new PageKey(T.plusSeconds(1), "a"), new PageKey(T, "b"), new PageKey(T, "a"),
                new PageKey(T.plusSeconds(2), "a"));
        Page<PageKey> first = new PageRequest(null, 2).select(keys.stream(), k -> k);
        assertThat(first.items()).containsExactly(new PageKey(T, "a"), new PageKey(T, "b"));
        assertThat(first.next()).isEqualTo(new PageKey(T, "b"));

        Page<PageKey> last = new PageRequest(first.next(), 2).select(keys.stream(), k -> k);
        assertThat(last.items()).containsExactly(new PageKey(T.plusSeconds(1), "a"), new PageKey(T.plusSeconds(2), "a"));
        assertThat(last.next()).isNull();
        assertThat(new PageRequest(null, 5).select(Stream.<PageKey>empty(), k -> k).items()).isEmpty();
    }
}
