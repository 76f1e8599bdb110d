package dev.mixup.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding for query values and path segments. */
final class Query {

    private Query() {
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
