package dev.mixup.web;

import org.junit.jupiter.api.Test;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadFormatTests {

    @Test
    void missingOrWildcardAcceptTakesTheFallback() throws Exception {
        assertThat(PayloadFormat.negotiate(null, PayloadFormat.NPZ)).isEqualTo(PayloadFormat.NPZ);
        assertThat(PayloadFormat.negotiate("*/*", PayloadFormat.NPY)).isEqualTo(PayloadFormat.NPY);
        assertThat(PayloadFormat.negotiate("application/*", PayloadFormat.NPZ)).isEqualTo(PayloadFormat.NPZ);
    }

    @Test
    void theMostPreferredPayloadTypeWins() throws Exception {
        assertThat(PayloadFormat.negotiate("application/x-npz;q=0.5, application/x-npy", PayloadFormat.NPZ))
                .isEqualTo(PayloadFormat.NPY);
        assertThat(PayloadFormat.negotiate("application/x-npy;q=0, */*", PayloadFormat.NPZ)).isEqualTo(PayloadFormat.NPZ);
    }

    /** A generated Python client sends only the JSON type of its answers: application/problem+json. */
    @Test
    void problemJsonSaysHowErrorsAreReadNotWhatIsRefused() throws Exception {
        assertThat(PayloadFormat.negotiate("application/problem+json", PayloadFormat.NPZ)).isEqualTo(PayloadFormat.NPZ);
        assertThat(PayloadFormat.negotiate("application/problem+json", PayloadFormat.NPY)).isEqualTo(PayloadFormat.NPY);
        assertThat(PayloadFormat.negotiate("application/problem+json, application/x-npy", PayloadFormat.NPZ))
                .isEqualTo(PayloadFormat.NPY);
        assertThat(PayloadFormat.negotiate("application/x-npz, application/x-npy, application/problem+json", PayloadFormat.NPY))
                .isEqualTo(PayloadFormat.NPZ);
    }

    @Test
    void typesNoPayloadMatchesAreRefused() {
        assertThatThrownBy(() -> PayloadFormat.negotiate("application/json", PayloadFormat.NPZ))
                .isInstanceOf(HttpMediaTypeNotAcceptableException.class);
        assertThatThrownBy(() -> PayloadFormat.negotiate("application/problem+json, text/html", PayloadFormat.NPZ))
                .isInstanceOf(HttpMediaTypeNotAcceptableException.class);
        assertThatThrownBy(() -> PayloadFormat.negotiate("application/*+json", PayloadFormat.NPZ))
                .isInstanceOf(HttpMediaTypeNotAcceptableException.class);
    }
}
