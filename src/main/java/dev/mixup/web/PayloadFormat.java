package dev.mixup.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

/** The two payload formats, chosen from the Accept header. */
enum PayloadFormat {
    NPZ(MediaType.parseMediaType(BatchPayloads.NPZ_VALUE)), NPY(MediaType.parseMediaType(BatchPayloads.NPY_VALUE));

    /** Highest quality first; among equals, concrete types before wildcards. */
    private static final Comparator<MediaType> PREFERENCE = Comparator
            .comparingDouble(MediaType::getQualityValue).reversed()
            .thenComparing(MediaType::isWildcardType)
            .thenComparing(MediaType::isWildcardSubtype);

    private final MediaType mediaType;

    PayloadFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    MediaType mediaType() {
        return mediaType;
    }

    /**
     * The most preferred acceptable format; {@code fallback} for a missing or wildcard Accept, or one that
     * names only {@code application/problem+json}: clients generated from the OpenAPI file list the error
     * type among (or instead of) the payload types, which says how they read errors, not what they refuse.
     */
    static PayloadFormat negotiate(String accept, PayloadFormat fallback) throws HttpMediaTypeNotAcceptableException {
        if (accept == null || accept.isBlank()) {
            return fallback;
        }
        List<MediaType> acceptable;
        try {
            acceptable = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("cannot parse Accept header: " + e.getMessage());
        }
        acceptable.removeIf(MediaType.APPLICATION_PROBLEM_JSON::equalsTypeAndSubtype);
        if (acceptable.isEmpty()) {
            return fallback;
        }
        acceptable.sort(PREFERENCE);
        for (MediaType wanted : acceptable) {
            if (wanted.getQualityValue() == 0) {
                continue;
            }
            if (wanted.isWildcardType() || (wanted.getSubtype().equals("*") && wanted.getType().equals("application"))) {
                return fallback;
            }
            for (PayloadFormat format : values()) {
                if (format.mediaType.isCompatibleWith(wanted)) {
                    return format;
                }
            }
        }
        throw new HttpMediaTypeNotAcceptableException(List.of(NPZ.mediaType, NPY.mediaType));
    }

    /** A .npz cannot be read from a stream without its central directory, so streams are .npy only. */
    void requireStreamable() throws HttpMediaTypeNotAcceptableException {
        if (this != NPY) {
            throw new HttpMediaTypeNotAcceptableException(List.of(NPY.mediaType));
        }
    }
}
