package dev.mixup.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/** Accepts a bearer token equal to {@code mixup.api-key}. */
final class ApiKeyAuthenticationManager implements AuthenticationManager {

    private final byte[] expectedDigest;

    ApiKeyAuthenticationManager(String apiKey) {
        this.expectedDigest = sha256(apiKey);
    }

    @Override
    public Authentication authenticate(Authentication request) {
        // Comparing digests of one length in constant time: the answer's timing tells nothing about the key,
        // not even its length.
        if (MessageDigest.isEqual(expectedDigest, sha256(String.valueOf(request.getCredentials())))) {
            return new PreAuthenticatedAuthenticationToken(request.getPrincipal(), null, AuthorityUtils.NO_AUTHORITIES);
        }
        throw new BadCredentialsException("the API key is not valid");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
