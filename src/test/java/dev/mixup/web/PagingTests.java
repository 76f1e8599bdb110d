package dev.mixup.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Lists come a page at a time: {@code {"items": [...], "next": token-or-null}}, oldest first. */
class PagingTests extends RunningServiceTests {

    @Test
    void datasetsAndSessionsArePagedOldestFirstWithEveryItemOnce() throws Exception {
        List<String> datasets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            datasets.add(api.uploadDataset(NpzFixtures.dataset(16, 2, 2, 1, 2), "name=paged-" + i));
        }
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(api.openSession("{\"dataset_id\":\"" + datasets.get(i) + "\",\"batch_size\":2}"));
        }
        for (var listing : List.of(new Listing("/v1/datasets", datasets), new Listing("/v1/sessions", sessions))) {
            List<JsonNode> items = readInPagesOf(2, listing.path());
            List<String> ids = items.stream().map(item -> item.get("id").asString()).toList();
            assertThat(new HashSet<>(ids)).as(listing.path()).hasSameSizeAs(ids).containsAll(listing.created());
            // created one after the other, so they appear in that order
            assertThat(ids.stream().filter(listing.created()::contains).toList()).isEqualTo(listing.created());
            List<String> times = items.stream().map(item -> item.get("created_at").asString()).toList();
            assertThat(times).isSortedAccordingTo((a, b) -> java.time.Instant.parse(a).compareTo(java.time.Instant.parse(b)));
        }
    }

    @Test
    void aShortListIsOnePageWithoutNext() {
        JsonNode page = api.json(api.get("/v1/sessions?limit=1000"));
        assertThat(page.get("items").isArray()).isTrue();
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(page.propertyNames()).containsExactlyInAnyOrder("items", "next");
    }

    @Test
    void badLimitsAndTokensAreProblems() {
        for (String query : List.of("limit=0", "limit=1001", "limit=-3", "limit=ten", "page_token=bm9wZQ",
                "page_token=%25%25", "page_token=" + "A".repeat(300))) {
            for (String path : List.of("/v1/datasets?", "/v1/sessions?")) {
                HttpResponse<byte[]> response = api.get(path + query);
                assertThat(response.statusCode()).as(path + query).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).as(path + query).hasValue("application/problem+json");
            }
        }
        assertThat(api.json(api.get("/v1/sessions?limit=0")).get("detail").asString()).contains("limit must be in [1, 1000]");
        assertThat(api.json(api.get("/v1/sessions?page_token=bm9wZQ")).get("detail").asString()).contains("page_token");
    }

    private List<JsonNode> readInPagesOf(int limit, String path) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        do {
            JsonNode page = api.json(api.get(path + "?limit=" + limit + (token == null ? "" : "&page_token=" + token)));
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            page.get("items").forEach(items::add);
            token = page.get("next").isNull() ? null : page.get("next").asString();
            assertThat(token == null || tokens.add(token)).isTrue();
        } while (token != null);
        return items;
    }

    private record Listing(String path, List<String> created) {
    }
}
